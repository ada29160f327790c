const knownZones = new Set<string>();
// The tz database's regions: a canonical name is Region/City (or UTC). Intl also takes abbreviations and old
// links (JST, EST, US/Eastern, Japan), some of which it maps to a surprising zone (EST is America/Panama).
const CANONICAL =
  /^(?:UTC|(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)(?:\/[A-Za-z0-9_+-]+){1,2})$/;

/** What a time zone setting must be, for messages. */
export const TIMEZONE_RULE =
  'must be a canonical IANA time zone name such as Asia/Tokyo (not an abbreviation such as JST)';

/** True for a canonical IANA zone name this runtime knows (Intl is the same tz database on Node and Workers). */
export function isIanaTimezone(name: string): boolean {
  if (knownZones.has(name)) return true;
  if (name.length > 64 || !CANONICAL.test(name)) return false;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    // Intl ignores case: `Asia/tokyo` is not the zone's name. (A renamed zone resolves to its old ICU name,
    // Asia/Kolkata to Asia/Calcutta: that is a different name, and fine.)
    if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) return false;
  } catch {
    return false;
  }
  // Imports check the same few zones thousands of times; building a formatter each time costs ~10 µs.
  knownZones.add(name);
  return true;
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Wall-clock date and time of an instant in a zone. */
export function localParts(instant: Date, zone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const year = parts.year ?? 0;
  const month = parts.month ?? 1;
  const day = parts.day ?? 1;
  return {
    year,
    month,
    day,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (Tokyo: +9 h). */
const pad2 = (n: number) => String(n).padStart(2, '0');

/** The wall clock in a zone as text: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM` with the time. */
export function localDate(instant: Date, zone: string, withTime = false): string {
  const p = localParts(instant, zone);
  const date = `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
  return withTime ? `${date}T${pad2(p.hour)}:${pad2(p.minute)}` : date;
}

function offsetAt(ms: number, zone: string): number {
  const p = localParts(new Date(ms), zone);
  const seconds = new Date(ms).getUTCSeconds();
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, seconds) - Math.floor(ms / 1000) * 1000;
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/**
 * The instant a wall-clock time happens in a zone. A time that does not exist (spring-forward gap) moves
 * forward by the gap (02:30 → 03:30); an ambiguous one (fall-back) takes the first occurrence.
 */
export function zonedTimeToUtc(wall: WallTime, zone: string): Date {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  // Offsets a day either side bracket any single transition near this wall time.
  const before = offsetAt(asUtc - 86_400_000, zone);
  const after = offsetAt(asUtc + 86_400_000, zone);
  const valid = [before, after]
    .map((offset) => asUtc - offset)
    .filter((instant) => asUtc - offsetAt(instant, zone) === instant);
  if (valid.length > 0) return new Date(Math.min(...valid));
  // In the gap: read the wall time with the offset in force before it, which lands after the gap.
  return new Date(asUtc - before);
}

/** Calendar arithmetic on a wall date, independent of zones. */
export function addDays(wall: WallTime, days: number): WallTime {
  const d = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return { ...wall, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Parses `YYYY-MM-DD` and `HH:MM` into a wall time, or null when either is not a real date or time. */
export function parseWallTime(date: string, time: string): WallTime | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const wall = {
    year: +(d[1] ?? 0),
    month: +(d[2] ?? 0),
    day: +(d[3] ?? 0),
    hour: +(t[1] ?? 0),
    minute: +(t[2] ?? 0),
  };
  const check = new Date(Date.UTC(wall.year, wall.month - 1, wall.day));
  if (check.getUTCMonth() !== wall.month - 1 || check.getUTCDate() !== wall.day) return null;
  if (wall.hour > 23 || wall.minute > 59) return null;
  return wall;
}

/** The first time the local clock in `zone` shows `hour`:00 at or after `from`. */
export function nextLocalHour(hour: number, zone: string, from: Date): Date {
  const p = localParts(from, zone);
  const today: WallTime = { year: p.year, month: p.month, day: p.day, hour, minute: 0 };
  const at = zonedTimeToUtc(today, zone);
  return at >= from ? at : zonedTimeToUtc(addDays(today, 1), zone);
}
