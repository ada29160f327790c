import { seededRandom, shuffled } from '../../lib/random.js';
import { addDays, localParts, parseWallTime, type WallTime, zonedTimeToUtc } from '../../lib/time-zones.js';
import type { SendArm } from '../send-times/slot-policy.js';
import type { Schedule, SendingWindow } from './campaign-input.js';

export interface Recipient {
  contactId: string;
  timezone: string | null;
}

export interface PlannedMessage {
  contactId: string;
  /** Null for a recipient held back until an A/B test picks the winner. */
  variantId: string | null;
  status: 'scheduled' | 'held';
  scheduledAt: Date;
  timezone: string;
  /** How its send time was chosen, when Kaifu chose it (see SendArm); null: the schedule's time. */
  arm: SendArm | null;
}

/** A recipient's own send time and how it was chosen; null: the schedule's time. */
export type TimeOf = (contactId: string, zone: string) => { at: Date; arm: SendArm } | null;

export interface PlanSummary {
  recipients: number;
  /** Recipients whose local time had already passed, moved to its next occurrence (the same time a day or two on). */
  movedToNextDay: number;
  /** Recipients whose send time fell outside the sending window, moved to its next opening. */
  movedIntoWindow: number;
  held: number;
  byVariant: Record<string, number>;
  firstSendAt: string | null;
  lastSendAt: string | null;
}

/** True when the instant falls inside the window in that zone. */
export function inWindow(instant: Date, zone: string, window: SendingWindow): boolean {
  const p = localParts(instant, zone);
  return window.days.includes(p.weekday) && p.hour >= window.startHour && p.hour < window.endHour;
}

/** The first moment at or after `instant` that is inside the window in the zone. */
export function nextInWindow(instant: Date, zone: string, window: SendingWindow): Date {
  if (inWindow(instant, zone, window)) return instant;
  const p = localParts(instant, zone);
  const today: WallTime = { year: p.year, month: p.month, day: p.day, hour: window.startHour, minute: 0 };
  for (let d = 0; d <= 7; d++) {
    const candidate = zonedTimeToUtc(addDays(today, d), zone);
    if (candidate > instant && inWindow(candidate, zone, window)) return candidate;
  }
  // Unreachable for a valid window: some day of every week is in it.
  throw new Error('sending window has no opening');
}

/** The hours of the day a window allows (on its days), for choosing a send hour within it. */
export function windowHours(window: SendingWindow | null): boolean[] {
  return Array.from({ length: 24 }, (_, h) => !window || (h >= window.startHour && h < window.endHour));
}

// A time this far in the past is taken as "now" (clock skew, a slow client); earlier has passed.
export const PAST_TOLERANCE_MS = 5 * 60_000;

/**
 * When one zone's recipients are sent, and whether that time was moved: a local time already past moves a day
 * at a time until it is ahead (zones lie up to 26 hours apart, so one day may not be enough).
 */
function slotFor(schedule: Exclude<Schedule, { type: 'optimized' }>, zone: string, now: Date) {
  if (schedule.type === 'at') return { at: new Date(schedule.at), movedToNextDay: false };
  const wall = parseWallTime(schedule.date, schedule.time);
  if (!wall) throw new Error('schedule was validated as a real date and time');
  const earliest = now.getTime() - PAST_TOLERANCE_MS;
  const asked = zonedTimeToUtc(wall, zone);
  let at = asked;
  for (let days = 1; at.getTime() < earliest; days++) at = zonedTimeToUtc(addDays(wall, days), zone);
  return { at, movedToNextDay: at !== asked };
}

/**
 * One message per eligible recipient, with its UTC send time from the schedule in the recipient's zone, and a
 * variant: recipients are shuffled with the campaign's seed and dealt round-robin, so variants differ in size
 * by at most one. With an A/B test only the test share is dealt; the rest is held for the winner.
 */
export function planSends(input: {
  recipients: Recipient[];
  defaultTimezone: string;
  /** `optimized` needs `timeOf` for everyone; `local` may give it for the recipients who explore. */
  schedule: Schedule;
  timeOf?: TimeOf;
  sendingWindow: SendingWindow | null;
  now: Date;
  seed: string;
  variantIds: string[];
  testShare: number | null;
}): { messages: PlannedMessage[]; summary: PlanSummary } {
  const { schedule, timeOf } = input;
  const slots = new Map<string, { at: Date; movedToNextDay: boolean; movedIntoWindow: boolean }>();
  const place = (base: { at: Date; movedToNextDay: boolean }, zone: string) => {
    const at = input.sendingWindow ? nextInWindow(base.at, zone, input.sendingWindow) : base.at;
    return { at, movedToNextDay: base.movedToNextDay, movedIntoWindow: at.getTime() !== base.at.getTime() };
  };
  const slot = (contactId: string, zone: string) => {
    const own = timeOf?.(contactId, zone) ?? null;
    if (own) return { ...place({ at: own.at, movedToNextDay: false }, zone), arm: own.arm };
    if (schedule.type === 'optimized')
      throw new Error('an optimized schedule needs each contact’s send time');
    let s = slots.get(zone);
    if (!s) {
      s = place(slotFor(schedule, zone, input.now), zone);
      slots.set(zone, s);
    }
    return { ...s, arm: null };
  };

  const ordered = shuffled(
    [...input.recipients].sort((a, b) => (a.contactId < b.contactId ? -1 : 1)),
    seededRandom(input.seed),
  );
  const tested = input.testShare === null ? ordered.length : Math.round(ordered.length * input.testShare);
  const summary: PlanSummary = {
    recipients: ordered.length,
    movedToNextDay: 0,
    movedIntoWindow: 0,
    held: 0,
    byVariant: Object.fromEntries(input.variantIds.map((id) => [id, 0])),
    firstSendAt: null,
    lastSendAt: null,
  };
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  const messages = ordered.map((recipient, i): PlannedMessage => {
    const timezone = recipient.timezone ?? input.defaultTimezone;
    const s = slot(recipient.contactId, timezone);
    if (s.movedToNextDay) summary.movedToNextDay++;
    if (s.movedIntoWindow) summary.movedIntoWindow++;
    first = Math.min(first, s.at.getTime());
    last = Math.max(last, s.at.getTime());
    if (i >= tested) {
      summary.held++;
      return {
        contactId: recipient.contactId,
        variantId: null,
        status: 'held',
        scheduledAt: s.at,
        timezone,
        arm: s.arm,
      };
    }
    const variantId = input.variantIds[i % input.variantIds.length] ?? null;
    if (variantId) summary.byVariant[variantId] = (summary.byVariant[variantId] ?? 0) + 1;
    return {
      contactId: recipient.contactId,
      variantId,
      status: 'scheduled',
      scheduledAt: s.at,
      timezone,
      arm: s.arm,
    };
  });
  if (messages.length > 0) {
    summary.firstSendAt = new Date(first).toISOString();
    summary.lastSendAt = new Date(last).toISOString();
  }
  return { messages, summary };
}
