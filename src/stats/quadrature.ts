export interface Rule {
  nodes: number[];
  weights: number[];
}

/** Legendre P_n(x) and P_{n−1}(x) by the three-term recurrence. */
function legendre(n: number, x: number): [number, number] {
  let previous = 1;
  let current = x;
  for (let k = 2; k <= n; k++) {
    const next = ((2 * k - 1) * x * current - (k - 1) * previous) / k;
    previous = current;
    current = next;
  }
  return [current, previous];
}

/**
 * The n-point Gauss–Legendre rule on [−1, 1] (exact for polynomials of degree 2n − 1): nodes are the roots of
 * P_n, found by Newton's method from Tricomi's estimates, to full double precision.
 */
export function gaussLegendre(n: number): Rule {
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let i = 1; i <= n; i++) {
    let x = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    let slope = 1;
    for (let step = 0; step < 100; step++) {
      const [pn, pn1] = legendre(n, x);
      slope = (n * (x * pn - pn1)) / (x * x - 1);
      const dx = pn / slope;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    nodes.push(x);
    weights.push(2 / ((1 - x * x) * slope * slope));
  }
  return { nodes, weights };
}

/** ∫ f over [from, to] by the given rule (either order of the ends). */
export function integrate(rule: Rule, f: (x: number) => number, from: number, to: number): number {
  const mid = (from + to) / 2;
  const half = (to - from) / 2;
  let sum = 0;
  for (let k = 0; k < rule.nodes.length; k++) {
    sum += (rule.weights[k] ?? 0) * f(mid + half * (rule.nodes[k] ?? 0));
  }
  return sum * half;
}
