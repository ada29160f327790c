import { compareVariants } from '../src/services/experiments/compare-variants.js';
import { type BenchResult, median } from './support.js';

const VARIANTS = 8;
const SENDS = 2_000_000;
const WARMUP = 5;
const ROUNDS = 51;
const GOAL_MS = 50;

/**
 * POST /v1/analysis/compare's computation (everything but HTTP) for 8 variants at 2,000,000 sends each, rates
 * half a posterior standard deviation apart so every posterior overlaps the others: the slowest layout.
 */
export async function benchCompare(): Promise<BenchResult> {
  const input = {
    variants: Array.from({ length: VARIANTS }, (_, i) => ({
      label: `V${i + 1}`,
      sends: SENDS,
      opens: 400_000 + i * 300,
    })),
    alpha: 0.05,
    expectedSplit: Array.from({ length: VARIANTS }, () => 1),
    minPerVariant: 100,
    winThreshold: 0.95,
  };
  for (let i = 0; i < WARMUP; i++) compareVariants(input, 'en');
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    compareVariants(input, 'en');
    times.push(performance.now() - started);
  }
  const medianMs = median(times);
  console.log(
    `compare: ${VARIANTS} variants × ${SENDS.toLocaleString('en-US')} sends, median ${medianMs.toFixed(2)} ms ` +
      `of ${ROUNDS} runs (fastest ${Math.min(...times).toFixed(2)}, slowest ${Math.max(...times).toFixed(2)}; ` +
      `goal ≤ ${GOAL_MS} ms)`,
  );
  return { name: 'compare', medianMs, goalMs: GOAL_MS };
}
