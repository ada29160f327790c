import { describe, expect, it } from 'vitest';
import {
  betaQuantile,
  blendRate,
  logGamma,
  probabilityOfReaching,
  quotientQuantiles,
  regularizedBeta,
} from '../../src/stats/index.js';

describe('Beta quantiles', () => {
  it('match the closed forms of Beta(1, 1) and Beta(a, 1), and invert the distribution function', () => {
    for (const p of [0.001, 0.025, 0.5, 0.975, 0.999]) {
      expect(betaQuantile(p, 1, 1)).toBeCloseTo(p, 13);
      expect(betaQuantile(p, 3.5, 1)).toBeCloseTo(p ** (1 / 3.5), 13);
      for (const [a, b] of [
        [2, 38],
        [9, 31],
        [0.5, 0.5],
        [4000, 16000],
      ] as const) {
        expect(regularizedBeta(betaQuantile(p, a, b), a, b)).toBeCloseTo(p, 10);
      }
    }
  });
});

describe('a rate weighed between history and a prior', () => {
  it('is the prior without history and moves smoothly to the history as it grows', () => {
    const none = blendRate({ successes: 0, trials: 0, priorRate: 0.1, priorStrength: 20 });
    expect(none.rate).toBeCloseTo(0.1, 14);
    expect(none.historyWeight).toBe(0);
    // The case: 7 won of 20 outbound meetings against an assumed 10% worth 20 observations.
    const some = blendRate({ successes: 7, trials: 20, priorRate: 0.1, priorStrength: 20 });
    expect(some.rate).toBeCloseTo(9 / 40, 14);
    expect(some.historyWeight).toBe(0.5);
    expect(some.low).toBeLessThan(some.rate);
    expect(some.high).toBeGreaterThan(0.35);
    const lots = blendRate({ successes: 395, trials: 1000, priorRate: 0.1, priorStrength: 20 });
    expect(lots.rate).toBeGreaterThan(0.38);
    expect(lots.high - lots.low).toBeLessThan(some.high - some.low);
  });
});

describe('trials needed through two uncertain rates', () => {
  it('with one rate known exactly, is the target over it times the other rate’s quantiles', () => {
    const x = { a: 9, b: 31 };
    const known = { a: 3e6, b: 7e6 }; // 0.3, with a negligible spread
    const got = quotientQuantiles(12, x, known, [0.025, 0.5, 0.975]);
    // Either way round: the quadrature runs over the surer rate.
    expect(quotientQuantiles(12, known, x, [0.5])[0]).toBeCloseTo(got[1] ?? 0, 6);
    [0.975, 0.5, 0.025].forEach((p, i) => {
      const exact = 12 / (0.3 * betaQuantile(p, 9, 31));
      expect(Math.abs((got[i] ?? 0) / exact - 1)).toBeLessThan(1e-5);
    });
  });

  it('widens when the second rate is uncertain too', () => {
    const x = { a: 9, b: 31 };
    const [low, high] = quotientQuantiles(12, x, { a: 3e6, b: 7e6 }, [0.025, 0.975]);
    const [lowBoth, highBoth] = quotientQuantiles(12, x, { a: 6, b: 14 }, [0.025, 0.975]);
    expect(lowBoth).toBeLessThan(low ?? 0);
    expect(highBoth).toBeGreaterThan(high ?? 0);
  });
});

describe('the probability of reaching a target at the current pace (Gamma–Poisson)', () => {
  /** P(N ≥ k) for N negative binomial(r, p), by summing its mass function. */
  const tail = (k: number, r: number, p: number) => {
    let below = 0;
    for (let n = 0; n < k; n++) {
      below += Math.exp(
        logGamma(n + r) - logGamma(r) - logGamma(n + 1) + r * Math.log(p) + n * Math.log1p(-p),
      );
    }
    return 1 - below;
  };

  it('agrees with the negative binomial summed term by term', () => {
    for (const c of [
      { needed: 5, days: 12, events: 3, elapsed: 8, priorShape: 0.5, priorDays: 0 },
      { needed: 1, days: 1, events: 0, elapsed: 1, priorShape: 0.5, priorDays: 5 },
      { needed: 30, days: 15, events: 20, elapsed: 6, priorShape: 2.5, priorDays: 5 },
    ]) {
      const rate = c.priorDays + c.elapsed;
      const expected = tail(c.needed, c.priorShape + c.events, rate / (rate + c.days));
      expect(probabilityOfReaching(c)).toBeCloseTo(expected, 10);
    }
  });

  it('is certain once reached, impossible with no days left, and rises with the pace', () => {
    const base = { days: 10, elapsed: 10, priorShape: 0.5, priorDays: 0 };
    expect(probabilityOfReaching({ ...base, needed: 0, events: 4 })).toBe(1);
    expect(probabilityOfReaching({ ...base, needed: 3, events: 4, days: 0 })).toBe(0);
    const slow = probabilityOfReaching({ ...base, needed: 6, events: 2 });
    const fast = probabilityOfReaching({ ...base, needed: 6, events: 8 });
    expect(fast).toBeGreaterThan(0.6);
    expect(slow).toBeLessThan(0.2);
  });
});
