import { describe, expect, it } from 'vitest';
import {
  benjaminiHochberg,
  chiSquareIndependence,
  chiSquareSurvival,
  comparePosteriors,
  detectableRate,
  logBeta,
  logGamma,
  newcombeDifference,
  normalCdf,
  normalQuantile,
  normalSurvival,
  regularizedBeta,
  sampleRatioTest,
  sampleSizeCohensH,
  sampleSizePooledNormal,
  shrinkRates,
  twoProportionZTest,
  wilsonInterval,
} from '../../src/stats/index.js';
import reference from '../fixtures/stats-reference.json' with { type: 'json' };

// Every expected value below comes from scripts/stats-reference.py (mpmath, scipy, statsmodels), run once.

type Pair = number[];
const count = ([successes = 0, trials = 0]: Pair) => ({ successes, trials });

/** |actual − expected| ≤ abs + rel·|expected|, with both numbers in the failure message. */
function expectClose(
  actual: number | undefined,
  expected: number,
  tolerance: { rel?: number; abs?: number },
  label = '',
) {
  if (!Number.isFinite(expected)) return expect(actual, label).toBe(expected);
  const allowed = (tolerance.abs ?? 0) + (tolerance.rel ?? 0) * Math.abs(expected);
  const error = Math.abs((actual ?? Number.NaN) - expected);
  expect(
    error <= allowed,
    `${label} got ${actual}, expected ${expected} (error ${error}, allowed ${allowed})`,
  ).toBe(true);
}

describe('special functions against mpmath at 40 digits', () => {
  it.each(reference.logGamma)('logGamma($x)', ({ x, expected }) => {
    // Absolute for the roots at 1 and 2, where the value itself is 0.
    expectClose(logGamma(x), expected, { rel: 1e-15, abs: 4e-15 });
  });

  it('refuses arguments outside the domain instead of answering NaN', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });

  it.each(reference.logBeta)('logBeta($a, $b)', ({ a, b, expected }) => {
    expectClose(logBeta(a, b), expected, { rel: 2e-15, abs: 4e-15 });
  });

  it.each(reference.regularizedBeta)('regularizedBeta($x, $a, $b)', ({ x, a, b, expected }) => {
    // Parameters in the millions: the front factor is e^(sum of terms near 1e6), so about 1e-10 relative.
    expectClose(regularizedBeta(x, a, b), expected, { rel: a + b > 1e4 ? 2e-10 : 1e-13 });
  });

  it.each(reference.chiSquareSurvival)('chiSquareSurvival($x, $dof)', ({ x, dof, expected }) => {
    expectClose(chiSquareSurvival(x, dof), expected, { rel: 1e-13 });
  });

  // Tails are e^(−z²/2) times a fraction: rounding the exponent at z = 20 alone is 2e-14 relative.
  it.each(reference.normalCdf)('normalCdf($z)', ({ z, expected }) => {
    expectClose(normalCdf(z), expected, { rel: 5e-14 });
  });

  it.each(reference.normalSurvival)('normalSurvival($z)', ({ z, expected }) => {
    expectClose(normalSurvival(z), expected, { rel: 5e-14 });
  });

  it.each(reference.normalQuantile)('normalQuantile($p)', ({ p, expected }) => {
    expectClose(normalQuantile(p), expected, { rel: 1e-14 });
  });
});

describe('proportions against statsmodels', () => {
  it.each(reference.wilson)('wilsonInterval($successes of $trials, alpha $alpha)', (c) => {
    const interval = wilsonInterval(count([c.successes, c.trials]), c.alpha);
    expectClose(interval?.lower, c.lower, { rel: 1e-12, abs: 1e-17 }, 'lower');
    expectClose(interval?.upper, c.upper, { rel: 1e-12 }, 'upper');
  });

  it('has no Wilson interval without trials', () => {
    expect(wilsonInterval({ successes: 0, trials: 0 })).toBeNull();
  });

  it.each(reference.zTest)('twoProportionZTest($control vs $variant)', (c) => {
    const test = twoProportionZTest(count(c.control), count(c.variant));
    if (c.z === null || c.pValue === null) return expect(test).toBeNull();
    expectClose(test?.z, c.z, { rel: 1e-12, abs: 1e-15 }, 'z');
    expectClose(test?.pValue, c.pValue, { rel: 1e-11 }, 'p');
  });
});

describe('chi-square tests against scipy', () => {
  it.each(reference.chiSquareIndependence)('chiSquareIndependence($rows)', (c) => {
    const test = chiSquareIndependence(c.rows.map(count));
    if (c.statistic === null || c.pValue === null) return expect(test).toBeNull();
    expect(test?.dof).toBe(c.dof);
    expectClose(test?.statistic, c.statistic, { rel: 1e-10 }, 'statistic');
    expectClose(test?.pValue, c.pValue, { rel: 1e-9 }, 'p');
  });

  it.each(reference.sampleRatio)('sampleRatioTest($observed against $split)', (c) => {
    const test = sampleRatioTest(c.observed, c.split);
    if (c.statistic === null || c.pValue === null) return expect(test).toBeNull();
    expect(test?.dof).toBe(c.dof);
    expectClose(test?.statistic, c.statistic, { rel: 1e-10 }, 'statistic');
    expectClose(test?.pValue, c.pValue, { rel: 1e-9 }, 'p');
  });

  it('covers p-values below 1e-40 in every test family', () => {
    const tiny = (ps: (number | null)[]) => ps.some((p) => p !== null && p > 0 && p < 1e-40);
    expect(tiny(reference.chiSquareSurvival.map((c) => c.expected))).toBe(true);
    expect(tiny(reference.normalSurvival.map((c) => c.expected))).toBe(true);
    expect(tiny(reference.zTest.map((c) => c.pValue))).toBe(true);
    expect(tiny(reference.chiSquareIndependence.map((c) => c.pValue))).toBe(true);
    expect(tiny(reference.sampleRatio.map((c) => c.pValue))).toBe(true);
  });
});

describe('Benjamini–Hochberg against statsmodels', () => {
  it.each(reference.benjaminiHochberg)('adjusts $pValues', ({ pValues, adjusted }) => {
    const got = benjaminiHochberg(pValues);
    adjusted.forEach((expected, i) => {
      expectClose(got[i], expected, { rel: 1e-15 }, `#${i}`);
    });
  });
});

describe('posterior comparison against scipy quadrature (and the exact sum for two)', () => {
  // The reference's own error is about 3e-9 at two million sends (scipy 1.10's betainc); the requirement is 1e-6.
  it.each(reference.posteriors)('compares $counts', ({ counts, probabilityToBeBest, expectedLoss }) => {
    const got = comparePosteriors(counts.map(count));
    probabilityToBeBest.forEach((expected, i) => {
      expectClose(got.probabilityToBeBest[i], expected, { abs: 1e-8 }, `P(best) #${i}`);
    });
    expectedLoss.forEach((expected, i) => {
      expectClose(got.expectedLoss[i], expected, { abs: 1e-8 }, `loss #${i}`);
    });
  });

  it.each(reference.largePosteriors)('compares $counts (the most the endpoint accepts)', (c) => {
    const got = comparePosteriors(c.counts.map(count));
    c.probabilityToBeBest.forEach((expected, i) => {
      expectClose(got.probabilityToBeBest[i], expected, { abs: 1e-8 }, `P(best) #${i}`);
    });
  });

  it('gives probabilities that sum to 1 and identical variants equal shares, deterministically', () => {
    const same = Array.from({ length: 4 }, () => ({ successes: 400_000, trials: 2_000_000 }));
    const once = comparePosteriors(same);
    for (const p of once.probabilityToBeBest) expectClose(p, 0.25, { abs: 1e-10 });
    expect(comparePosteriors(same)).toEqual(once);
    const mixed = comparePosteriors([count([0, 0]), count([3, 7]), count([400_000, 2_000_000])]);
    expectClose(
      mixed.probabilityToBeBest.reduce((a, b) => a + b, 0),
      1,
      { abs: 1e-12 },
    );
  });
});

describe('sample size against statsmodels and the pooled-normal formula', () => {
  it.each(reference.sampleSize)('plans $baseline → $target (alpha $alpha, power $power)', (c) => {
    const plan = { baseline: c.baseline, target: c.target, alpha: c.alpha, power: c.power };
    // statsmodels' solver stops within about 1e-8 relative of its equation's root (the script checks it).
    expectClose(sampleSizeCohensH(plan), c.cohensH, { rel: 1e-7 }, "Cohen's h");
    expectClose(sampleSizePooledNormal(plan), c.pooledNormal, { rel: 1e-12 }, 'pooled');
  });

  it.each(reference.sampleSize)('detects $target from $baseline at statsmodels’ n, and not below', (c) => {
    if (c.target < c.baseline) return;
    const at = { baseline: c.baseline, alpha: c.alpha, power: c.power };
    expectClose(
      detectableRate({ ...at, perVariant: c.cohensH }) ?? Number.NaN,
      c.target,
      { rel: 1e-7 },
      'rate',
    );
    // Fewer sends detect only a larger rate; a handful detects none below 1.
    expect(detectableRate({ ...at, perVariant: c.cohensH / 2 }) ?? 1).toBeGreaterThan(c.target);
    expect(detectableRate({ ...at, perVariant: 0 })).toBeNull();
  });
});

describe('empirical-Bayes shrinkage against scipy’s optimiser', () => {
  it.each(reference.shrinkage)('shrinks $cells', ({ cells, overallRate, priorStrength, rates }) => {
    const got = shrinkRates(cells.map(count));
    expect(got.overallRate).toBe(overallRate);
    // Both searches stop on a flat maximum: the strength agrees to about 1e-5, the rates to about 1e-8.
    expectClose(got.priorStrength, priorStrength ?? Number.POSITIVE_INFINITY, { rel: 1e-5 }, 'strength');
    rates.forEach((expected, i) => {
      expectClose(got.rates[i], expected, { rel: 1e-7 }, `rate #${i}`);
    });
  });
});

describe('newcombeDifference (reference: statsmodels confint_proportions_2indep, method="newcomb")', () => {
  it.each([
    [30, 100, 20, 100, -0.020249362153013428, 0.21673435401778593],
    [0, 10, 5, 12, -0.6804886874504502, -0.06038748742091071],
    [1500, 5000, 1400, 5000, 0.002212541691132785, 0.03777039583117628],
    [7, 7, 0, 3, 0.33605047339103056, 1.0],
    [123, 2_000_000, 100, 1_900_000, -6.2448366457866045e-6, 2.398169034148063e-5],
  ])('%i/%i − %i/%i', (s1, n1, s2, n2, lower, upper) => {
    const d = newcombeDifference({ successes: s1, trials: n1 }, { successes: s2, trials: n2 });
    expect(d?.estimate).toBeCloseTo(s1 / n1 - s2 / n2, 14);
    expect(Math.abs((d?.lower ?? 0) - lower)).toBeLessThan(1e-12);
    expect(Math.abs((d?.upper ?? 0) - upper)).toBeLessThan(1e-12);
  });

  it('is undefined when a side has no trials', () => {
    expect(newcombeDifference({ successes: 0, trials: 0 }, { successes: 1, trials: 2 })).toBeNull();
  });
});
