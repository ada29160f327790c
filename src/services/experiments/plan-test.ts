import type { Db } from '../../db/client.js';
import { type MessageCounts, reached, sumRollups } from '../../db/queries/rollups.js';
import { detectableRate } from '../../stats/index.js';
import { type Lang, TEST_PLAN_TEXT } from '../../text/index.js';
import type { TestSettings } from '../campaigns/campaign-input.js';

/** What an A/B test can find, answered when it is scheduled: so a test too small to decide is never silent. */
export interface TestPlan {
  /** Test sends of the variant dealt the fewest. */
  perVariant: number;
  heldForWinner: number;
  minPerVariant: number;
  reachesMinPerVariant: boolean;
  /** The smallest test share that gives every variant minPerVariant sends; null when even 1 would not. */
  shareNeeded: number | null;
  baselineRate: number;
  baselineBasis: 'list' | 'workspace' | 'assumed';
  /** The sends the baseline rate comes from (0 when assumed). */
  baselineSends: number;
  /** The smallest rate a variant must reach, absolute; null when no rate is detectable. */
  detectableRate: number | null;
  detectableLift: number | null;
  /** The two-sided level and power the detectable lift is computed at. */
  alpha: number;
  power: number;
  notes: string[];
}

const HISTORY_DAYS = 90;
const ENOUGH_SENDS = 100;
const ASSUMED_RATE = { human_open: 0.2, human_click: 0.02 } as const;
const POWER = 0.8;

const rateOf = (c: MessageCounts, metric: TestSettings['metric']) =>
  (metric === 'human_click' ? c.humanClicks : c.humanOpens) / reached(c);

/**
 * Plans a scheduled test: its variants' sends against minPerVariant, and the smallest lift it can detect at the
 * list's recent rate on the test's metric (else the workspace's, else an assumed one). A winner needs a
 * probability to be best of `winThreshold`; for two variants that is close to a one-sided test at
 * 1 − winThreshold, so the lift is planned at the two-sided level 2·(1 − winThreshold), split Bonferroni-wise over
 * the comparisons with the control when there are more variants.
 */
export async function planTest({
  db,
  workspaceId,
  listId,
  test,
  byVariant,
  recipients,
  held,
  now,
  lang,
}: {
  db: Db;
  workspaceId: string;
  listId: string;
  test: TestSettings;
  byVariant: number[];
  recipients: number;
  held: number;
  now: Date;
  lang: Lang;
}): Promise<TestPlan> {
  const t = TEST_PLAN_TEXT[lang];
  const from = new Date(now.getTime() - HISTORY_DAYS * 86_400_000).toISOString().slice(0, 10);
  const [list] = await sumRollups(db, workspaceId, [], { listId, from });
  const [all] = await sumRollups(db, workspaceId, [], { from });
  const history = [
    { basis: 'list' as const, counts: list },
    { basis: 'workspace' as const, counts: all },
  ].find((h) => h.counts && reached(h.counts) >= ENOUGH_SENDS);
  const baselineRate = history?.counts ? rateOf(history.counts, test.metric) : ASSUMED_RATE[test.metric];
  const baselineSends = history?.counts ? reached(history.counts) : 0;
  const basis = history?.basis ?? 'assumed';

  const variants = Math.max(2, byVariant.length);
  const perVariant = byVariant.length > 0 ? Math.min(...byVariant) : 0;
  const alpha = (2 * (1 - test.winThreshold)) / (variants - 1);
  const target = detectableRate({ baseline: baselineRate, perVariant, alpha, power: POWER });
  const reaches = perVariant >= test.minPerVariant;
  const needed = Math.ceil(((test.minPerVariant * variants) / recipients) * 100) / 100;
  const shareNeeded = needed < 1 ? needed : null;

  const basisText = basis === 'assumed' ? t.basis.assumed : t.basis[basis](baselineSends);
  const notes = [t.detectable(perVariant, baselineRate, target, basisText)];
  if (!reaches) notes.unshift(t.belowMinimum(perVariant, test.minPerVariant, shareNeeded));
  return {
    perVariant,
    heldForWinner: held,
    minPerVariant: test.minPerVariant,
    reachesMinPerVariant: reaches,
    shareNeeded,
    baselineRate,
    baselineBasis: basis,
    baselineSends,
    detectableRate: target,
    detectableLift: target === null ? null : target - baselineRate,
    alpha,
    power: POWER,
    notes,
  };
}
