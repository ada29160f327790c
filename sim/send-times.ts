import { seededRandom } from '../src/lib/random.js';
import {
  bestSlot,
  dealArms,
  exploreSlot,
  type Slot,
  type SlotCount,
  slotBeliefs,
  slotsInRange,
} from '../src/services/send-times/slot-policy.js';
import { mantelHaenszelDifference, type Stratum } from '../src/stats/index.js';

/**
 * The send-time policy of `optimized` schedules (services/send-times/slot-policy.ts, the code the service runs)
 * fed with simulated opens instead of a database: a list whose team always sent on Tuesday at 10:00 gets weekly
 * optimized campaigns, and we count where the sends go and whether the holdout measures the lift.
 *
 * Modelled: the list-level choice of slot, exploration by Thompson sampling, the holdout at the usual time, a
 * human open as a Bernoulli draw at the slot's rate. Not modelled: per-contact hours, time zones other than
 * Tokyo's, opens that arrive after the 72-hour window, machine opens (the service counts human opens only).
 */
export interface Scenario {
  contacts: number;
  campaigns: number;
  /** Campaigns the team sent at its habit before Kaifu. */
  history: number;
  baseRate: number;
  habit: { weekday: number; hour: number };
  /** The slot that opens better, and by how much; null for none. */
  planted: { weekday: number; hour: number; lift: number } | null;
  explorationShare: number;
  holdoutShare: number;
}

export const ISSUE_SCENARIO: Scenario = {
  contacts: 5000,
  campaigns: 12,
  history: 4,
  baseRate: 0.2,
  habit: { weekday: 2, hour: 10 },
  planted: { weekday: 4, hour: 15, lift: 0.08 },
  explorationShare: 0.1,
  holdoutShare: 0.1,
};

const WINDOW = { days: [1, 2, 3, 4, 5], startHour: 9, endHour: 18 };
const ZONE = 'Asia/Tokyo';
// Monday 7 December 2026, 00:00 in Tokyo; each campaign a week later than the last.
const FIRST_MONDAY = Date.parse('2026-12-06T15:00:00Z');
const WEEK = 7 * 86_400_000;

export interface SeedResult {
  /** The slot with the most sends in the last campaign, and over all Kaifu campaigns. */
  mostSentLast: string;
  mostSentOverall: string;
  /** The pooled optimized − holdout difference with its 95% interval, and the lift it should find. */
  lift: { estimate: number; lower: number; upper: number } | null;
  trueLift: number;
  slotsTried: number;
}

const name = (s: { weekday: number; hour: number }) => `${s.weekday}:${s.hour}`;

export function simulateSeed(scenario: Scenario, seed: string): SeedResult {
  const random = seededRandom(seed);
  const rateOf = (s: { weekday: number; hour: number }) =>
    scenario.planted && name(s) === name(scenario.planted)
      ? scenario.baseRate + scenario.planted.lift
      : scenario.baseRate;
  const counts = new Map<string, SlotCount>();
  const send = (slot: { weekday: number; hour: number }, n: number) => {
    const c = counts.get(name(slot)) ?? { weekday: slot.weekday, hour: slot.hour, successes: 0, trials: 0 };
    let opens = 0;
    const p = rateOf(slot);
    for (let i = 0; i < n; i++) if (random() < p) opens++;
    c.successes += opens;
    c.trials += n;
    counts.set(name(slot), c);
    return opens;
  };
  for (let h = 0; h < scenario.history; h++) send(scenario.habit, scenario.contacts);

  const overall = new Map<string, number>();
  const strata: Stratum[] = [];
  const trueDifferences: { weight: number; difference: number }[] = [];
  let last = new Map<string, number>();
  for (let k = 0; k < scenario.campaigns; k++) {
    const from = new Date(FIRST_MONDAY + k * WEEK);
    const slots = slotsInRange(ZONE, { from, to: new Date(from.getTime() + WEEK) }, WINDOW);
    const beliefs = slotBeliefs([...counts.values()]);
    const best = bestSlot(slots, beliefs) as Slot;
    const usual = slots.find((s) => name(s) === name(scenario.habit)) as Slot;
    const arms = dealArms(scenario.contacts, scenario);
    const sent = new Map<string, number>();
    const tally = (s: Slot, n = 1) => sent.set(name(s), (sent.get(name(s)) ?? 0) + n);
    let optimized = 0;
    let holdout = 0;
    for (const arm of arms) {
      if (arm === 'holdout') holdout++;
      else if (arm === 'optimized') optimized++;
      else tally(exploreSlot(slots, beliefs, random, best) ?? best);
    }
    tally(best, optimized);
    tally(usual, holdout);
    // Outcomes, after the choices (as the service learns from the last campaign, never from this one).
    const explorers = [...sent.entries()].filter(([s]) => s !== name(best) && s !== name(usual));
    for (const [s, n] of explorers) {
      const [weekday = 0, hour = 0] = s.split(':').map(Number);
      send({ weekday, hour }, n);
    }
    const optimizedOpens = send(best, optimized);
    const holdoutOpens = send(usual, holdout);
    strata.push({
      treated: { successes: optimizedOpens, trials: optimized },
      control: { successes: holdoutOpens, trials: holdout },
    });
    trueDifferences.push({
      weight: (optimized * holdout) / (optimized + holdout),
      difference: rateOf(best) - rateOf(usual),
    });
    for (const [s, n] of sent) overall.set(s, (overall.get(s) ?? 0) + n);
    last = sent;
  }
  const top = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  const weights = trueDifferences.reduce((s, d) => s + d.weight, 0);
  return {
    mostSentLast: top(last),
    mostSentOverall: top(overall),
    lift: mantelHaenszelDifference(strata),
    trueLift: trueDifferences.reduce((s, d) => s + d.weight * d.difference, 0) / weights,
    slotsTried: counts.size,
  };
}

export interface ScenarioSummary {
  seeds: number;
  /** Seeds whose planted slot was the most-sent slot of the last campaign, and over all campaigns. */
  plantedMostSentLast: number;
  plantedMostSentOverall: number;
  /** Seeds whose lift interval covers the lift the allocation really had, and those that leave out zero. */
  liftCovered: number;
  liftExcludesZero: number;
  meanLift: number;
  meanTrueLift: number;
  meanSlotsTried: number;
}

export function simulate(scenario: Scenario, seeds: number, prefix = 'sim'): ScenarioSummary {
  const results = Array.from({ length: seeds }, (_, i) => simulateSeed(scenario, `${prefix}-${i}`));
  const planted = scenario.planted ? name(scenario.planted) : null;
  const mean = (f: (r: SeedResult) => number) => results.reduce((s, r) => s + f(r), 0) / seeds;
  return {
    seeds,
    plantedMostSentLast: results.filter((r) => r.mostSentLast === planted).length,
    plantedMostSentOverall: results.filter((r) => r.mostSentOverall === planted).length,
    liftCovered: results.filter((r) => r.lift && r.lift.lower <= r.trueLift && r.trueLift <= r.lift.upper)
      .length,
    liftExcludesZero: results.filter((r) => r.lift && (r.lift.lower > 0 || r.lift.upper < 0)).length,
    meanLift: mean((r) => r.lift?.estimate ?? 0),
    meanTrueLift: mean((r) => r.trueLift),
    meanSlotsTried: mean((r) => r.slotsTried),
  };
}
