/**
 * Draws from the gamma and beta distributions with a given uniform generator, so that Thompson sampling is
 * reproducible from a campaign's seed. Gamma: Marsaglia & Tsang (2000), "A simple method for generating gamma
 * variables", with the shape < 1 boost; normals by Box–Muller.
 */

function normal(random: () => number): number {
  const u = 1 - random(); // (0, 1]: log(0) is never taken
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** A Gamma(shape, 1) draw, shape > 0. */
export function gammaDraw(shape: number, random: () => number): number {
  if (!(shape > 0)) throw new RangeError(`gamma shape must be positive, got ${shape}`);
  if (shape < 1) return gammaDraw(shape + 1, random) * (1 - random()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A Beta(alpha, beta) draw, both positive: X / (X + Y) of two gamma draws. */
export function betaDraw(alpha: number, beta: number, random: () => number): number {
  const x = gammaDraw(alpha, random);
  const y = gammaDraw(beta, random);
  return x / (x + y);
}
