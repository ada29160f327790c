/** Calendar helpers for monthly KPI plans, on local dates written YYYY-MM-DD (no clock, no zone). Pure. */

const pad = (n: number) => String(n).padStart(2, '0');

export function monthDays(month: string): string[] {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(year, mon, 0)).getUTCDate();
  return Array.from({ length: days }, (_, i) => `${month}-${pad(i + 1)}`);
}

/** Monday to Friday: the days inside sales work. */
export const isBusinessDay = (date: string) => {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow !== 0 && dow !== 6;
};

/** The first day of the month `offset` months from `month` (negative for earlier). */
export function shiftMonth(month: string, offset: number): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(year, mon - 1 + offset, 1));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

export interface Pace {
  businessDays: number;
  /** Business days of the month up to and including `today` (all of them once the month is over). */
  elapsed: number;
  /** elapsed / businessDays: the share of the target that should be done by now. */
  share: number;
}

export function paceOf(month: string, today: string): Pace {
  const business = monthDays(month).filter(isBusinessDay);
  const elapsed = business.filter((d) => d <= today).length;
  return {
    businessDays: business.length,
    elapsed,
    share: business.length === 0 ? 0 : elapsed / business.length,
  };
}

/**
 * The months a month picker offers: the two after the current one, it and the twelve before, newest first,
 * and the chosen month wherever it is.
 */
export function pickableMonths(current: string, chosen: string): string[] {
  const months = Array.from({ length: 15 }, (_, i) => shiftMonth(current, 2 - i));
  return [...new Set([...months, chosen])].sort().reverse();
}
