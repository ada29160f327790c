import type { Deps } from '../../deps.js';
import { notFound } from '../../errors.js';
import {
  benjaminiHochberg,
  type Count,
  type Interval,
  newcombeDifference,
  regularizedBeta,
  sampleSizeCohensH,
  shrinkRates,
  twoProportionZTest,
} from '../../stats/index.js';
import { listExists } from '../lists/lists.js';
import { type Cell, openRates } from './open-rates.js';

/** Claims are made at this false-discovery rate across everything considered at once. */
const ALPHA = 0.05;
/** The smallest lift in human-open rate worth planning a test for, when the data shows none yet. */
const MIN_LIFT = 0.03;
const TOP_SLOTS = 5;

export interface SlotRecommendation {
  weekday: number;
  hour: number;
  trials: number;
  humanOpens: number;
  /**
   * `opens`: the estimates below come from human opens. `none`: nothing sent to this list was opened by a
   * person yet, so there is nothing to compare slots by, and the estimates are null rather than a confident 0.
   */
  basis: 'opens' | 'none';
  rate: number | null;
  shrunkRate: number | null;
  ci: Interval | null;
  /** P(this slot's rate > the list's typical rate), under the slot's Beta(1 + opens, 1 + not) posterior. */
  probabilityBeatsTypical: number | null;
  /** One-sided test of the slot against all other slots, Benjamini–Hochberg adjusted over every slot. */
  adjustedPValue: number | null;
  significant: boolean;
}

export interface EffectRecommendation {
  name: string;
  /** Rate with minus rate without (features) or this source minus the others (lead sources). */
  effect: number | null;
  ci: Interval | null;
  trials: { with: number; without: number };
  adjustedPValue: number | null;
  significant: boolean;
}

export interface Recommendations {
  listId: string | null;
  metric: 'human_open';
  denominator: 'delivered' | 'sends';
  typicalRate: number | null;
  trials: number;
  slots: {
    status: 'established' | 'not_enough_data';
    best: SlotRecommendation[];
    /** When nothing is established yet: sends per slot still needed to see a lift of `lift` (power 0.8). */
    sampleNeeded: { perSlot: number; lift: number } | null;
  };
  subjectFeatures: EffectRecommendation[];
  leadSources: EffectRecommendation[];
}

const trialsOf = (cell: Cell) => cell[cell.denominator];
const countOf = (cell: Cell): Count => ({
  successes: Math.min(cell.humanOpens, trialsOf(cell)),
  trials: trialsOf(cell),
});
const sum = (counts: Count[]): Count => ({
  successes: counts.reduce((s, c) => s + c.successes, 0),
  trials: counts.reduce((s, c) => s + c.trials, 0),
});
const oneSided = (test: { z: number; pValue: number } | null) =>
  test === null ? null : test.z > 0 ? test.pValue / 2 : 1 - test.pValue / 2;

/** P(p > x) for p ~ Beta(1 + successes, 1 + failures). */
const probabilityAbove = (count: Count, x: number) =>
  1 - regularizedBeta(x, 1 + count.successes, 1 + count.trials - count.successes);

/**
 * The best local weekday × hour slots: ranked by shrunk rate, each tested against all other slots, with
 * Benjamini–Hochberg control over every slot considered, so a list with 168 slots does not "find" a best hour
 * by chance. Pure.
 */
export function rankSlots(
  cells: Cell[],
): Recommendations['slots'] & { typicalRate: number | null; trials: number } {
  const counts = cells.map(countOf);
  const total = sum(counts);
  const typical = total.trials === 0 ? null : total.successes / total.trials;
  const shrunk = shrinkRates(counts);
  const tests = counts.map((c) =>
    oneSided(
      twoProportionZTest({ successes: total.successes - c.successes, trials: total.trials - c.trials }, c),
    ),
  );
  const defined = tests.flatMap((p) => (p === null ? [] : [p]));
  const adjusted = benjaminiHochberg(defined);
  const opened = total.successes > 0;
  let next = 0;
  const slots = cells.map((cell, i): SlotRecommendation => {
    const count = counts[i] ?? { successes: 0, trials: 0 };
    const adjustedPValue = tests[i] === null ? null : (adjusted[next++] ?? null);
    const slot = {
      weekday: Number(cell.key.weekday),
      hour: Number(cell.key.hour),
      trials: count.trials,
      humanOpens: count.successes,
    };
    if (!opened || typical === null) {
      return {
        ...slot,
        basis: 'none',
        rate: null,
        shrunkRate: null,
        ci: null,
        probabilityBeatsTypical: null,
        adjustedPValue: null,
        significant: false,
      };
    }
    return {
      ...slot,
      basis: 'opens',
      rate: cell.rate,
      shrunkRate: shrunk.rates[i] ?? 0,
      ci: cell.ci,
      probabilityBeatsTypical: probabilityAbove(count, typical),
      adjustedPValue,
      significant: adjustedPValue !== null && adjustedPValue < ALPHA,
    };
  });
  // Without opens nothing ranks the slots: the most-sent come first, as where the evidence will gather.
  const best = slots
    .filter((s) => s.trials > 0)
    .sort((a, b) => (b.shrunkRate ?? 0) - (a.shrunkRate ?? 0) || b.trials - a.trials)
    .slice(0, TOP_SLOTS);
  const established = best.some((s) => s.significant && (s.rate ?? 0) > (typical ?? 1));
  const lift = Math.max(MIN_LIFT, (best[0]?.shrunkRate ?? 0) - (typical ?? 0));
  return {
    typicalRate: typical,
    trials: total.trials,
    status: established ? 'established' : 'not_enough_data',
    best,
    sampleNeeded:
      established || typical === null || typical + lift >= 1
        ? null
        : {
            perSlot: Math.ceil(
              sampleSizeCohensH({
                baseline: typical,
                target: typical + lift,
                alpha: ALPHA / Math.max(1, cells.length),
                power: 0.8,
              }),
            ),
            lift,
          },
  };
}

/** Effects of one partition each (with vs without), z-tested two-sided and BH-adjusted together. */
export function effects(
  pairs: { name: string; with: Count; without: Count; effect: number | null; ci: Interval | null }[],
) {
  const tests = pairs.map((p) => twoProportionZTest(p.without, p.with));
  const defined = tests.flatMap((t) => (t ? [t.pValue] : []));
  const adjusted = benjaminiHochberg(defined);
  let next = 0;
  return pairs.map((p, i): EffectRecommendation => {
    const adjustedPValue = tests[i] ? (adjusted[next++] ?? null) : null;
    return {
      name: p.name,
      effect: p.effect,
      ci: p.ci,
      trials: { with: p.with.trials, without: p.without.trials },
      adjustedPValue,
      // Both must agree: the adjusted test, and an interval that leaves out zero.
      significant:
        adjustedPValue !== null &&
        adjustedPValue < ALPHA &&
        ((p.ci?.lower ?? 0) > 0 || (p.ci?.upper ?? 0) < 0),
    };
  });
}

/**
 * What to do, in ranked conditions with how sure we are: the best local send slots, the subject features that
 * raise human opens, and how lead sources differ — each with its effect, interval and the data behind it, and
 * "not enough data yet" with the sample still needed when that is the honest answer.
 */
export async function recommend({
  deps,
  workspaceId,
  listId,
}: {
  deps: Deps;
  workspaceId: string;
  listId: string | null;
}): Promise<Recommendations> {
  if (listId && !(await listExists({ db: deps.db, workspaceId, listId }))) throw notFound('List');
  const filters = { listId: listId ?? undefined };
  const slots = await openRates({
    deps,
    workspaceId,
    query: {
      dimension: 'weekdayHour',
      metric: 'human_open',
      ...filters,
    },
  });
  const ranked = rankSlots(slots.cells);
  const features = await openRates({
    deps,
    workspaceId,
    query: {
      dimension: 'subjectFeature',
      metric: 'human_open',
      ...filters,
    },
  });
  const featureCells = (name: string, present: boolean) =>
    features.cells.find((c) => c.key.feature === name && c.key.present === present);
  const subjectFeatures = effects(
    (features.features ?? []).map((f) => {
      const withIt = featureCells(f.feature, true);
      const without = featureCells(f.feature, false);
      return {
        name: f.feature,
        with: withIt ? countOf(withIt) : { successes: 0, trials: 0 },
        without: without ? countOf(without) : { successes: 0, trials: 0 },
        effect: f.difference,
        ci: f.ci,
      };
    }),
  );
  const sources = await openRates({
    deps,
    workspaceId,
    query: {
      dimension: 'leadSource',
      metric: 'human_open',
      ...filters,
    },
  });
  const all = sum(sources.cells.map(countOf));
  const leadSources = effects(
    sources.cells.map((cell) => {
      const mine = countOf(cell);
      const others = { successes: all.successes - mine.successes, trials: all.trials - mine.trials };
      const diff = newcombeDifference(mine, others);
      return {
        name: String(cell.key.leadSource),
        with: mine,
        without: others,
        effect: diff?.estimate ?? null,
        ci: diff ? { lower: diff.lower, upper: diff.upper } : null,
      };
    }),
  );
  return {
    listId,
    metric: 'human_open',
    denominator: slots.denominator,
    typicalRate: ranked.typicalRate,
    trials: ranked.trials,
    slots: { status: ranked.status, best: ranked.best, sampleNeeded: ranked.sampleNeeded },
    subjectFeatures: subjectFeatures.sort((a, b) => (b.effect ?? -1) - (a.effect ?? -1)),
    leadSources,
  };
}
