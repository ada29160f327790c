import {
  addCounts,
  countsOf,
  denominatorOf,
  type MessageCounts,
  NO_COUNTS,
  type RollupFilters,
  type RollupKey,
  sumRollups,
} from '../../db/queries/rollups.js';
import type { Deps } from '../../deps.js';
import { type Interval, newcombeDifference, shrinkRates, wilsonInterval } from '../../stats/index.js';
import { describeSubject, LENGTH_BANDS, SUBJECT_FEATURES, type SubjectFeature } from './subject-features.js';
import { variantSubjects } from './variant-subjects.js';

export const DIMENSIONS = [
  'weekday',
  'hour',
  'weekdayHour',
  'weekdayHourVariant',
  'variant',
  'campaign',
  'subjectFeature',
  'leadSource',
] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const METRICS = ['human_open', 'all_opens', 'human_click', 'all_clicks'] as const;
export type Metric = (typeof METRICS)[number];

const SUCCESSES: Record<Metric, keyof MessageCounts> = {
  human_open: 'humanOpens',
  all_opens: 'opens',
  human_click: 'humanClicks',
  all_clicks: 'clicks',
};

const GROUP_BY: Record<Exclude<Dimension, 'subjectFeature'>, RollupKey[]> = {
  weekday: ['weekday'],
  hour: ['hour'],
  weekdayHour: ['weekday', 'hour'],
  weekdayHourVariant: ['campaignId', 'variantId', 'weekday', 'hour'],
  variant: ['campaignId', 'variantId'],
  campaign: ['campaignId'],
  leadSource: ['leadSource'],
};

export type CellKey = Record<string, string | number | boolean>;

export interface Cell extends Omit<MessageCounts, 'botClicks'> {
  key: CellKey;
  rate: number | null;
  denominator: 'delivered' | 'sends';
  ci: Interval | null;
  /** The rate pulled toward the overall rate by empirical-Bayes shrinkage: thin cells stop outranking thick ones. */
  shrunkRate: number | null;
}

export interface FeatureEffect {
  feature: SubjectFeature;
  /** Rate with the feature minus rate without it, with Newcombe's interval (from the two Wilson intervals). */
  difference: number | null;
  ci: Interval | null;
}

export interface OpenRates {
  dimension: Dimension;
  metric: Metric;
  denominator: 'delivered' | 'sends';
  cells: Cell[];
  /** Only for dimension=subjectFeature. */
  features?: FeatureEffect[];
}

/**
 * Rates of the chosen metric per cell, with Wilson intervals and shrunk rates. The denominator is delivered
 * messages when the selection has any delivery reports (an Event Webhook), else sends — the same for every cell.
 */
export function rateCells(
  groups: { key: CellKey; counts: MessageCounts }[],
  metric: Metric,
): {
  denominator: 'delivered' | 'sends';
  cells: Cell[];
} {
  const denominator = denominatorOf(groups.map((g) => g.counts));
  const trialsOf = (c: MessageCounts) => c[denominator];
  const successesOf = (c: MessageCounts) => Math.min(c[SUCCESSES[metric]], trialsOf(c));
  const shrunk = shrinkRates(
    groups.map((g) => ({ successes: successesOf(g.counts), trials: trialsOf(g.counts) })),
  );
  return {
    denominator,
    cells: groups.map(({ key, counts }, i) => {
      const { botClicks: _, ...shown } = counts;
      const trials = trialsOf(counts);
      const count = { successes: successesOf(counts), trials };
      return {
        key,
        ...shown,
        rate: trials === 0 ? null : count.successes / trials,
        denominator,
        ci: wilsonInterval(count),
        shrunkRate: trials === 0 ? null : (shrunk.rates[i] ?? null),
      };
    }),
  };
}

/** Open (or click) rates by one dimension over the workspace's rollups; never reads a message. */
export async function openRates({
  deps,
  workspaceId,
  query,
}: {
  deps: Deps;
  workspaceId: string;
  query: { dimension: Dimension; metric: Metric } & RollupFilters;
}): Promise<OpenRates> {
  const { dimension, metric } = query;
  if (dimension === 'subjectFeature') return subjectFeatureRates(deps, workspaceId, query);
  const keys = GROUP_BY[dimension];
  const rows = await sumRollups(deps.analyticsDb, workspaceId, keys, query);
  const subjects = keys.includes('variantId') ? await variantSubjects({ deps, workspaceId, rows }) : null;
  const groups = rows.map((row) => ({
    key: {
      ...Object.fromEntries(keys.map((k) => [k, row[k] ?? ''])),
      ...(subjects ? { subject: subjects.get(String(row.variantId))?.subject ?? '' } : {}),
    },
    counts: countsOf(row),
  }));
  return { dimension, metric, ...rateCells(groups, metric) };
}

/**
 * Each subject feature's rate with and without it across campaigns (then one cell per length band), and each
 * feature's difference with its interval.
 */
async function subjectFeatureRates(
  deps: Deps,
  workspaceId: string,
  query: { metric: Metric } & RollupFilters,
): Promise<OpenRates> {
  const rows = await sumRollups(deps.analyticsDb, workspaceId, ['campaignId', 'variantId'], query);
  const subjects = await variantSubjects({ deps, workspaceId, rows });
  const groups = SUBJECT_FEATURES.flatMap((feature) =>
    [true, false].map((present) => ({
      key: { feature, present } as CellKey,
      counts: rows
        .filter(
          (r) =>
            describeSubject(subjects.get(String(r.variantId))?.subject ?? '').features[feature] === present,
        )
        .reduce((sum, r) => addCounts(sum, countsOf(r)), NO_COUNTS),
    })),
  );
  const bands = LENGTH_BANDS.map((lengthBand) => ({
    key: { lengthBand } as CellKey,
    counts: rows
      .filter(
        (r) => describeSubject(subjects.get(String(r.variantId))?.subject ?? '').lengthBand === lengthBand,
      )
      .reduce((sum, r) => addCounts(sum, countsOf(r)), NO_COUNTS),
  }));
  const rated = rateCells([...groups, ...bands], query.metric);
  const countOf = (i: number) => {
    const counts = groups[i]?.counts ?? NO_COUNTS;
    const trials = counts[rated.denominator];
    return { successes: Math.min(counts[SUCCESSES[query.metric]], trials), trials };
  };
  const features = SUBJECT_FEATURES.map((feature, i) => {
    const diff = newcombeDifference(countOf(2 * i), countOf(2 * i + 1));
    return {
      feature,
      difference: diff?.estimate ?? null,
      ci: diff ? { lower: diff.lower, upper: diff.upper } : null,
    };
  });
  return { dimension: 'subjectFeature', metric: query.metric, ...rated, features };
}
