import { localParts, nextLocalHour } from '../../lib/time-zones.js';
import { betaDraw, type Count, strengthPosterior } from '../../stats/index.js';
import type { SendingWindow } from '../campaigns/campaign-input.js';

/**
 * Which weekday × hour slot each recipient of an `optimized` schedule is sent at, and why. Pure: the callers
 * read the list's counts, the sim feeds its own. Three arms:
 * - `optimized`: the slot believed best (highest posterior mean under the fitted prior across slots);
 * - `explore`: another slot, drawn by Thompson sampling, so that slots never tried, or promising on little
 *   data, get sends and a slot the team never uses can be found;
 * - `holdout`: what the marketer would have done without Kaifu, to measure the lift against.
 */
export type SendArm = 'optimized' | 'explore' | 'holdout';
export const SEND_ARMS: readonly SendArm[] = ['optimized', 'explore', 'holdout'];

export interface SlotCount extends Count {
  weekday: number;
  hour: number;
}

export interface Slot {
  weekday: number;
  hour: number;
  /** Its first occurrence in the schedule's range, in the recipient's zone. */
  at: Date;
}

export interface SlotBeliefs {
  /** The list's rate over all its slots: where each slot is pulled toward. */
  typical: number;
  /** The posterior mean of a slot's rate under the hierarchical prior: what `optimized` ranks by. */
  mean(weekday: number, hour: number): number;
  /** One draw of every asked slot's rate from the joint posterior (a prior strength, then each slot's Beta). */
  draw(slots: readonly { weekday: number; hour: number }[], random: () => number): number[];
  /** Sends the slot has had. */
  trials(weekday: number, hour: number): number;
}

const key = (weekday: number, hour: number) => weekday * 24 + hour;

/**
 * Bounds on how hard a slot is pulled toward the typical rate, in pseudo-sends. The Beta prior treats every slot
 * alike, so when most slots are alike it concludes they all are (strengths in the thousands) and drowns the one
 * that differs — a sparse effect the Beta family cannot express. Bounded, a slot's own sends count half once it
 * has RANKING_MAX_STRENGTH of them, and Thompson draws believe an untried slot typical ± about 9 points at 20%.
 * Chosen with `npm run sim` (sim/send-times.ts): unbounded, the planted slot led the last campaign in 70% of
 * seeds; bounded, in over 95%.
 */
export const RANKING_MAX_STRENGTH = 200;
export const DRAW_MAX_STRENGTH = 20;

/**
 * Beliefs about every slot of a list from its counts (human opens over delivered or sent): a hierarchical
 * model, each slot's rate Beta around the list's typical rate with a strength whose posterior is fitted across
 * the slots (stats/shrinkage.ts strengthPosterior). A slot never tried is believed typical, as unsure as the
 * slots are seen to differ; with one slot tried (the habit) that is as unsure as the hyperprior allows.
 */
export function slotBeliefs(counts: SlotCount[]): SlotBeliefs {
  const byKey = new Map(counts.map((c) => [key(c.weekday, c.hour), c]));
  const { overallRate: typical, strengths, weights } = strengthPosterior(counts);
  const countOf = (w: number, h: number) => byKey.get(key(w, h)) ?? { successes: 0, trials: 0 };
  const pickStrength = (random: () => number) => {
    let u = random();
    for (let i = 0; i < strengths.length; i++) {
      u -= weights[i] ?? 0;
      if (u <= 0) return strengths[i] ?? 1;
    }
    return strengths[strengths.length - 1] ?? 1;
  };
  return {
    typical,
    mean(w, h) {
      const c = countOf(w, h);
      return strengths.reduce((sum, fitted, i) => {
        const s = Math.min(fitted, RANKING_MAX_STRENGTH);
        return sum + (weights[i] ?? 0) * ((c.successes + typical * s) / (c.trials + s));
      }, 0);
    },
    draw(slots, random) {
      const s = Math.min(pickStrength(random), DRAW_MAX_STRENGTH);
      return slots.map(({ weekday, hour }) => {
        const c = countOf(weekday, hour);
        return betaDraw(typical * s + c.successes, (1 - typical) * s + c.trials - c.successes, random);
      });
    },
    trials: (w, h) => countOf(w, h).trials,
  };
}

/**
 * Every weekday × hour slot that comes round between `from` and `to` in the zone, inside the sending window,
 * at its first occurrence, in time order.
 */
export function slotsInRange(
  zone: string,
  range: { from: Date; to: Date },
  window: SendingWindow | null,
): Slot[] {
  const slots: Slot[] = [];
  for (let hour = 0; hour < 24; hour++) {
    if (window && (hour < window.startHour || hour >= window.endHour)) continue;
    let at = nextLocalHour(hour, zone, range.from);
    for (let day = 0; day < 7 && at <= range.to; day++) {
      const p = localParts(at, zone);
      // A spring-forward gap moves the hour: only a real hour:00 counts as this slot.
      if (p.hour === hour && (!window || window.days.includes(p.weekday))) {
        slots.push({ weekday: p.weekday, hour, at });
      }
      at = nextLocalHour(hour, zone, new Date(at.getTime() + 1));
    }
  }
  return slots.sort((a, b) => a.at.getTime() - b.at.getTime());
}

// Means this close are equal: sums over the strength grid round differently.
const TIE = 1e-12;

/**
 * The slot believed best: highest posterior mean; on a tie the one with more sends (with no evidence that slots
 * differ, the time the list has been sent at), then the earliest. Null when there are none.
 */
export function bestSlot(slots: Slot[], beliefs: SlotBeliefs): Slot | null {
  let best: Slot | null = null;
  let bestMean = Number.NEGATIVE_INFINITY;
  for (const s of slots) {
    const m = beliefs.mean(s.weekday, s.hour);
    const tie = Math.abs(m - bestMean) <= TIE;
    const moreSent =
      best !== null && beliefs.trials(s.weekday, s.hour) > beliefs.trials(best.weekday, best.hour);
    if ((m > bestMean && !tie) || (tie && moreSent)) {
      best = s;
      bestMean = m;
    }
  }
  return best;
}

/**
 * Thompson sampling: one draw from each slot's posterior, the highest wins, so a slot is tried about as often as
 * it is likely to be the best. `avoid` (the recipient's optimized slot) is left out while others remain.
 */
export function exploreSlot(
  slots: Slot[],
  beliefs: SlotBeliefs,
  random: () => number,
  avoid: Slot | null,
): Slot | null {
  const candidates = avoid && slots.length > 1 ? slots.filter((s) => s !== avoid) : slots;
  const leader = () => {
    const draws = beliefs.draw(candidates, random);
    let chosen: Slot | null = null;
    let top = Number.NEGATIVE_INFINITY;
    candidates.forEach((s, i) => {
      const draw = draws[i] ?? 0;
      if (draw > top) {
        chosen = s;
        top = draw;
      }
    });
    return chosen as Slot | null;
  };
  return leader();
}

export interface ArmShares {
  explorationShare: number;
  holdoutShare: number;
}

/**
 * Deals arms to recipients already in a random order: the first round(n · holdoutShare) are held out, the next
 * round(n · explorationShare) explore, the rest are optimized.
 */
export function dealArms(count: number, shares: ArmShares): SendArm[] {
  const holdout = Math.round(count * shares.holdoutShare);
  const explore = Math.min(count - holdout, Math.round(count * shares.explorationShare));
  return Array.from({ length: count }, (_, i) =>
    i < holdout ? 'holdout' : i < holdout + explore ? 'explore' : 'optimized',
  );
}
