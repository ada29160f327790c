import {
  benjaminiHochberg,
  type Count,
  chiSquareIndependence,
  comparePosteriors,
  sampleRatioTest,
  twoProportionZTest,
  wilsonInterval,
} from '../../stats/index.js';
import type { Lang } from '../../text/index.js';
import type { CompareInput, Comparison, VariantCounts, VariantResult, VsControl } from './comparison.js';
import { explainComparison } from './explain-comparison.js';

/** Below this p-value the observed split is taken as broken (a sample ratio mismatch). */
const SRM_THRESHOLD = 0.001;

const countOf = (v: VariantCounts): Count => ({ successes: v.opens, trials: v.sends });

/** Each variant's z-test against the first, with Benjamini–Hochberg adjustment over the defined ones. */
function testAgainstControl(counts: Count[]): VsControl[] {
  const [control, ...others] = counts;
  const tests = others.map((c) => (control ? twoProportionZTest(control, c) : null));
  const defined = tests.flatMap((t) => (t ? [t.pValue] : []));
  const adjusted = benjaminiHochberg(defined);
  let next = 0;
  return tests.map((t) =>
    t
      ? { z: t.z, pValue: t.pValue, adjustedPValue: adjusted[next++] ?? null }
      : { z: null, pValue: null, adjustedPValue: null },
  );
}

/** The sample-ratio-mismatch check against the intended split: figures null when nothing was sent. */
function checkSplit(counts: Count[], split: number[]): NonNullable<Comparison['srm']> {
  const test = sampleRatioTest(
    counts.map((c) => c.trials),
    split,
  );
  if (!test) return { statistic: null, pValue: null, mismatch: false };
  return { statistic: test.statistic, pValue: test.pValue, mismatch: test.pValue < SRM_THRESHOLD };
}

const indexOfMax = (xs: number[]) => xs.reduce((best, x, i) => (x > (xs[best] ?? x) ? i : best), 0);

/**
 * Everything a statistician would report for an A/B/n test on counts: rates with Wilson intervals, the
 * omnibus chi-square, pooled z-tests against the control (the first variant) with BH-adjusted p-values, Bayesian
 * probability to be best and expected loss, and — given the intended split — a sample-ratio-mismatch check.
 * Undefined figures are null and the notes say why, in `lang`.
 */
export function compareVariants(input: CompareInput, lang: Lang): Comparison {
  const counts = input.variants.map(countOf);
  const posterior = comparePosteriors(counts);
  const vsControl = testAgainstControl(counts);
  const chiSquare = chiSquareIndependence(counts.filter((c) => c.trials > 0));
  const srm = input.expectedSplit ? checkSplit(counts, input.expectedSplit) : undefined;
  const sufficient = input.variants.every((v) => v.sends >= input.minPerVariant) && !srm?.mismatch;
  const variants: VariantResult[] = input.variants.map((v, i) => ({
    ...v,
    rate: v.sends === 0 ? null : v.opens / v.sends,
    ci: wilsonInterval(countOf(v), input.alpha),
    probabilityToBeBest: posterior.probabilityToBeBest[i] ?? 0,
    expectedLoss: posterior.expectedLoss[i] ?? 0,
    ...(i === 0 ? {} : { vsControl: vsControl[i - 1] }),
  }));
  const leader = variants[indexOfMax(posterior.probabilityToBeBest)];
  const winner =
    sufficient && leader && leader.probabilityToBeBest >= input.winThreshold ? leader.label : null;
  return {
    variants,
    chiSquare: chiSquare ?? { statistic: null, dof: null, pValue: null },
    ...(srm ? { srm } : {}),
    sufficient,
    winner,
    notes: explainComparison({ input, variants, srm, sufficient, leader }, lang),
  };
}
