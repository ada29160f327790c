import { denominatorOf, type MessageCounts } from '../../db/queries/rollups.js';
import type { TestSettings } from '../campaigns/campaign-input.js';
import { compareVariants } from './compare-variants.js';

export interface TestedVariant {
  id: string;
  label: string;
  counts: MessageCounts;
}

export type DecisionReason = 'winner' | 'fallback_srm' | 'fallback_insufficient' | 'fallback_no_clear_winner';

export interface TestDecision {
  winnerVariantId: string;
  winnerLabel: string;
  reason: DecisionReason;
  fallback: TestSettings['fallback'] | null;
  metric: TestSettings['metric'];
  denominator: 'delivered' | 'sends';
  evidence: {
    variants: {
      label: string;
      trials: number;
      successes: number;
      probabilityToBeBest: number;
      expectedLoss: number;
    }[];
    srm: { statistic: number | null; pValue: number | null; mismatch: boolean } | null;
    sufficient: boolean;
    notes: string[];
  };
}

/**
 * The A/B test's decision, from the test sends' counts: the variant whose probability to be best reaches the
 * threshold when every variant has enough deliveries and the split is sound; otherwise the fallback — the best
 * posterior mean, or the control — with the reason. Pure: the same counts always give the same decision.
 */
export function decideTest(variants: TestedVariant[], settings: TestSettings): TestDecision {
  const denominator = denominatorOf(variants.map((v) => v.counts));
  const successesOf = (c: MessageCounts) =>
    Math.min(settings.metric === 'human_click' ? c.humanClicks : c.humanOpens, c[denominator]);
  const comparison = compareVariants(
    {
      variants: variants.map((v) => ({
        label: v.label,
        sends: v.counts[denominator],
        opens: successesOf(v.counts),
      })),
      alpha: 0.05,
      expectedSplit: variants.map(() => 1),
      minPerVariant: settings.minPerVariant,
      winThreshold: settings.winThreshold,
    },
    'en',
  );
  const posteriorMean = (v: TestedVariant) => (successesOf(v.counts) + 1) / (v.counts[denominator] + 2);
  const winner = comparison.winner
    ? variants.find((v) => v.label === comparison.winner)
    : settings.fallback === 'control'
      ? variants[0]
      : variants.reduce((best, v) => (posteriorMean(v) > posteriorMean(best) ? v : best));
  if (!winner) throw new Error('a test needs at least one variant');
  const reason: DecisionReason = comparison.winner
    ? 'winner'
    : comparison.srm?.mismatch
      ? 'fallback_srm'
      : !comparison.sufficient
        ? 'fallback_insufficient'
        : 'fallback_no_clear_winner';
  return {
    winnerVariantId: winner.id,
    winnerLabel: winner.label,
    reason,
    fallback: comparison.winner ? null : settings.fallback,
    metric: settings.metric,
    denominator,
    evidence: {
      variants: comparison.variants.map((v) => ({
        label: v.label,
        trials: v.sends,
        successes: v.opens,
        probabilityToBeBest: v.probabilityToBeBest,
        expectedLoss: v.expectedLoss,
      })),
      srm: comparison.srm ?? null,
      sufficient: comparison.sufficient,
      notes: comparison.notes,
    },
  };
}
