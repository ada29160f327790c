import type { Count } from './proportions.js';
import { gaussLegendre, integrate } from './quadrature.js';
import { logBeta, regularizedBeta } from './special.js';

/**
 * Each posterior is integrated where its density is within e^−40 of its peak; Beta densities with a, b ≥ 1 are
 * log-concave, so the mass left outside is below e^−40 ≈ 4e-18.
 */
const LOG_DENSITY_DROP = 40;
/** Panels per posterior: about 1.1 standard deviations each for a bell, 2.5 e-foldings for an exponential. */
const PANELS = 16;
const RULE = gaussLegendre(8);
const BISECTIONS = 80;

/** A Beta(a, b) posterior with where its mass lies cut into panels, and its distribution function at each cut. */
interface Posterior {
  a: number;
  b: number;
  logNorm: number;
  cuts: number[];
  cdfAtCuts: number[];
}

function logDensity(a: number, b: number, logNorm: number, p: number): number {
  const left = a === 1 ? 0 : (a - 1) * Math.log(p);
  const right = b === 1 ? 0 : (b - 1) * Math.log1p(-p);
  return left + right - logNorm;
}

/** Where, between `outer` (density too low) and `inner` (above the threshold), the log-density crosses it. */
function crossing(logDensityAt: (p: number) => number, threshold: number, outer: number, inner: number) {
  let [low, high] = [outer, inner];
  for (let i = 0; i < BISECTIONS; i++) {
    const mid = (low + high) / 2;
    if (logDensityAt(mid) < threshold) low = mid;
    else high = mid;
  }
  return low;
}

function posteriorOf({ successes, trials }: Count): Posterior {
  const a = successes + 1;
  const b = trials - successes + 1;
  const logNorm = logBeta(a, b);
  const at = (p: number) => logDensity(a, b, logNorm, p);
  const mode = a === 1 ? 0 : b === 1 ? 1 : (a - 1) / (a + b - 2);
  const threshold = at(mode) - LOG_DENSITY_DROP;
  const lo = a === 1 ? 0 : crossing(at, threshold, 0, mode);
  const hi = b === 1 ? 1 : crossing(at, threshold, 1, mode);
  const cuts = Array.from({ length: PANELS + 1 }, (_, k) =>
    k === PANELS ? hi : lo + ((hi - lo) * k) / PANELS,
  );
  return { a, b, logNorm, cuts, cdfAtCuts: cuts.map((x) => regularizedBeta(x, a, b)) };
}

const densityOf = (post: Posterior, p: number) => Math.exp(logDensity(post.a, post.b, post.logNorm, p));

const lowOf = (post: Posterior) => post.cuts[0] ?? 0;
const highOf = (post: Posterior) => post.cuts[PANELS] ?? 1;

/** The posterior's distribution function: exact at the cuts, plus a Gauss–Legendre integral within a panel. */
function cdfOf(post: Posterior, p: number): number {
  const lo = lowOf(post);
  const hi = highOf(post);
  if (p <= lo) return 0;
  if (p >= hi) return 1;
  const panel = Math.min(PANELS - 1, Math.floor(((p - lo) / (hi - lo)) * PANELS));
  const start = post.cuts[panel] ?? lo;
  return (post.cdfAtCuts[panel] ?? 0) + integrate(RULE, (x) => densityOf(post, x), start, p);
}

export interface PosteriorComparison {
  /** P(p_i is the largest) under independent Beta(1 + successes, 1 + failures) posteriors. */
  probabilityToBeBest: number[];
  /** E[max_j p_j − p_i]: what choosing i gives up, in rate, on average. */
  expectedLoss: number[];
}

/**
 * Probability to be best and expected loss for each count, by deterministic quadrature (no sampling):
 * P_i = ∫ f_i(p) Π_{j≠i} F_j(p) dp and E[max] = Σ_i ∫ p f_i(p) Π_{j≠i} F_j(p) dp, integrated piecewise over the
 * union of every posterior's panels so each piece is smooth for every factor, 8-point Gauss–Legendre on each.
 * Two variants at two million trials each agree with Evan Miller's exact sum to 1e-10 (at a hundred million, to
 * 2e-9); eight agree with scipy's adaptive quadrature to 4e-9, that reference's own error.
 */
export function comparePosteriors(counts: Count[]): PosteriorComparison {
  const posts = counts.map((count) => ({ ...posteriorOf(count), best: 0 }));
  const cuts = [...new Set(posts.flatMap((post) => post.cuts))].sort((x, y) => x - y);
  let expectedMax = 0;
  cuts.slice(1).forEach((to, k) => {
    const from = cuts[k] ?? to;
    const covering = posts.filter((post) => lowOf(post) <= from && to <= highOf(post));
    if (covering.length === 0) return;
    RULE.nodes.forEach((node, n) => {
      const p = (from + to) / 2 + ((to - from) / 2) * node;
      const weight = ((to - from) / 2) * (RULE.weights[n] ?? 0);
      const cdfs = posts.map((post) => cdfOf(post, p));
      for (const post of covering) {
        const others = cdfs.reduce((product, cdf, j) => (posts[j] === post ? product : product * cdf), 1);
        const mass = weight * densityOf(post, p) * others;
        post.best += mass;
        expectedMax += p * mass;
      }
    });
  });
  return {
    probabilityToBeBest: posts.map((post) => Math.min(1, post.best)),
    expectedLoss: posts.map((post) => Math.max(0, expectedMax - post.a / (post.a + post.b))),
  };
}
