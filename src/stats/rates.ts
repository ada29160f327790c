import { gaussLegendre } from './quadrature.js';
import { regularizedBeta } from './special.js';

const BISECTIONS = 100;

/** The p-quantile of Beta(a, b), by bisection on its distribution function. */
export function betaQuantile(p: number, a: number, b: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let low = 0;
  let high = 1;
  for (let i = 0; i < BISECTIONS && high - low > 1e-15; i++) {
    const mid = (low + high) / 2;
    if (regularizedBeta(mid, a, b) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

export interface BlendedRate {
  /** The posterior mean. */
  rate: number;
  /** The central 95% credible interval. */
  low: number;
  high: number;
  /** The posterior Beta(a, b). */
  a: number;
  b: number;
  /** How much of the rate is the history's: trials ÷ (trials + prior strength). */
  historyWeight: number;
}

/**
 * A rate weighed between history and a prior: the prior is Beta(m·k, (1 − m)·k), worth k observations at the
 * rate m, and the history's successes of trials update it (the beta-binomial). With no history it is the prior;
 * with history much larger than k, the history. Never a hard switch between the two.
 */
export function blendRate({
  successes,
  trials,
  priorRate,
  priorStrength,
}: {
  successes: number;
  trials: number;
  priorRate: number;
  priorStrength: number;
}): BlendedRate {
  const a = priorRate * priorStrength + successes;
  const b = (1 - priorRate) * priorStrength + (trials - successes);
  return {
    rate: a / (a + b),
    low: betaQuantile(0.025, a, b),
    high: betaQuantile(0.975, a, b),
    a,
    b,
    historyWeight: trials / (trials + priorStrength),
  };
}

const RULE = gaussLegendre(64);

/**
 * Quantiles of target ÷ (X·Y) for independent X ~ Beta(x.a, x.b), Y ~ Beta(y.a, y.b): how many trials a target
 * needs through two steps whose rates are uncertain. P(X·Y ≤ t) = ∫₀¹ I_{t/Q_X(u)}(y.a, y.b) du, with Q_X the
 * quantile of X (the surer of the two), by 64-point Gauss–Legendre over u; each quantile by bisection on t.
 */
export function quotientQuantiles(
  target: number,
  x: { a: number; b: number },
  y: { a: number; b: number },
  probabilities: number[],
): number[] {
  // The product is symmetric: integrate over the surer rate, so that the integrand (the other's distribution
  // function) is smooth in u. Q at the rule's nodes on u ∈ (0, 1) once; the cdf is then a weighted sum.
  if (x.a + x.b < y.a + y.b) [x, y] = [y, x];
  const quantiles = RULE.nodes.map((node) => betaQuantile((node + 1) / 2, x.a, x.b));
  const productCdf = (t: number) =>
    quantiles.reduce(
      (sum, q, k) =>
        sum + ((RULE.weights[k] ?? 0) / 2) * (q <= 0 ? 1 : regularizedBeta(Math.min(1, t / q), y.a, y.b)),
      0,
    );
  return probabilities.map((p) => {
    // target ÷ product at quantile p is target ÷ (the product's (1 − p)-quantile).
    let low = 0;
    let high = 1;
    for (let i = 0; i < BISECTIONS && high - low > 1e-12; i++) {
      const mid = (low + high) / 2;
      if (productCdf(mid) < 1 - p) low = mid;
      else high = mid;
    }
    const product = (low + high) / 2;
    return product > 0 ? target / product : Number.POSITIVE_INFINITY;
  });
}

/**
 * The probability of at least `needed` more events in `days` more days at a rate learned from `events` in
 * `elapsed` days: the daily rate is Gamma(shape, rate) — a prior Gamma(priorShape, priorDays) updated by the
 * events seen — so the events still to come are negative binomial, P(N ≤ n) = I_p(shape, n + 1) with
 * p = rate ÷ (rate + days).
 */
export function probabilityOfReaching({
  needed,
  days,
  events,
  elapsed,
  priorShape,
  priorDays,
}: {
  needed: number;
  days: number;
  events: number;
  elapsed: number;
  priorShape: number;
  priorDays: number;
}): number {
  if (needed <= 0) return 1;
  if (days <= 0) return 0;
  if (!(priorShape > 0)) throw new RangeError('priorShape must be positive');
  const shape = priorShape + events;
  const rate = priorDays + elapsed;
  return 1 - regularizedBeta(rate / (rate + days), shape, Math.ceil(needed));
}
