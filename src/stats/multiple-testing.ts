/**
 * Benjamini–Hochberg adjusted p-values (the false discovery rate step-up procedure), in the order given:
 * p₍ᵢ₎·m/i made monotone from the largest down and capped at 1. Exact arithmetic.
 */
export function benjaminiHochberg(pValues: number[]): number[] {
  const m = pValues.length;
  const ranked = pValues.map((p, index) => ({ p, index })).sort((x, y) => x.p - y.p);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (const [position, { p, index }] of [...ranked.entries()].reverse()) {
    running = Math.min(running, (p * m) / (position + 1));
    adjusted[index] = running;
  }
  return adjusted;
}
