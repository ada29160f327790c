/** Human opens a contact needs of their own before their history speaks louder than their list. */
export const MIN_OWN_OPENS = 3;
/** How many of the contact's own opens the list's pattern is worth: a light prior. */
const PRIOR_OPENS = 4;
/** The hour a contact with no history in a list with none is sent at: mid-morning, local. */
export const DEFAULT_HOUR = 10;

export type SendTimeBasis = 'contact' | 'list' | 'default';

export interface HourChoice {
  hour: number;
  basis: SendTimeBasis;
  /** The contact's own human opens the choice saw. */
  ownOpens: number;
  reason: string;
}

const EVERY_HOUR: readonly boolean[] = Array(24).fill(true);
const NOTHING_KNOWN: readonly number[] = Array(24).fill(0);

/**
 * A contact's best local hour: the mode of a Dirichlet posterior over the 24 hours, whose prior is the list's
 * hour pattern (its shrunk human-open rates by local send hour, worth PRIOR_OPENS opens) and whose data are the
 * hours at which the contact opened (human opens only). With fewer than MIN_OWN_OPENS of their own the list's
 * best hour stands, and with no list data either, DEFAULT_HOUR. Only `allowed` hours are chosen (a sending
 * window's), the default then being the first allowed hour from DEFAULT_HOUR on. Pure.
 */
export function chooseHour(
  ownOpensByHour: number[],
  listRateByHour: (number | null)[],
  allowed: readonly boolean[] = EVERY_HOUR,
): HourChoice {
  const ownOpens = ownOpensByHour.reduce((s, n) => s + n, 0);
  const known = listRateByHour.map((r) => r ?? 0);
  const listTotal = known.reduce((s, r) => s + r, 0);
  const listBest = known.some((r, h) => r > 0 && allowed[h]) ? bestAllowed(known, allowed) : null;
  if (ownOpens < MIN_OWN_OPENS) {
    return listBest === null
      ? {
          hour: bestAllowed(NOTHING_KNOWN, allowed),
          basis: 'default',
          ownOpens,
          reason: 'no history for the contact or its list yet',
        }
      : {
          hour: listBest,
          basis: 'list',
          ownOpens,
          reason: `only ${ownOpens} human open${ownOpens === 1 ? '' : 's'} of the contact's own: the list's best hour`,
        };
  }
  const prior =
    listTotal > 0 ? known.map((r) => (PRIOR_OPENS * r) / listTotal) : known.map(() => PRIOR_OPENS / 24);
  const posterior = prior.map((p, h) => p + (ownOpensByHour[h] ?? 0));
  return {
    hour: bestAllowed(posterior, allowed),
    basis: 'contact',
    ownOpens,
    reason: `${ownOpens} human opens of the contact's own, weighed with the list's pattern`,
  };
}

/**
 * The allowed hour with the largest value; on a tie the first from DEFAULT_HOUR on, so that evidence which
 * says nothing about the allowed hours (a contact who opens only outside the window) sends mid-morning, not at
 * the window's first hour.
 */
function bestAllowed(xs: readonly number[], allowed: readonly boolean[]): number {
  let best = -1;
  for (let i = 0; i < 24; i++) {
    const h = (DEFAULT_HOUR + i) % 24;
    if (allowed[h] && (best < 0 || (xs[h] ?? 0) > (xs[best] ?? 0))) best = h;
  }
  return best < 0 ? DEFAULT_HOUR : best;
}
