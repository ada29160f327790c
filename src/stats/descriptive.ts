import { quantileSorted } from 'simple-statistics';

/** Quartiles and the 90th percentile of a sample. */
export interface Spread {
  count: number;
  p25: number;
  median: number;
  p75: number;
  p90: number;
}

/**
 * The spread of ascending values, by linear interpolation between order statistics (R's type 7, the default of
 * numpy.percentile), through simple-statistics' quantileSorted; null for no values. Values must come sorted (SQL
 * sorts them where they are); unsorted ones are refused rather than answered wrongly.
 */
export function spreadOf(sorted: number[]): Spread | null {
  if (sorted.length === 0) return null;
  for (let i = 1; i < sorted.length; i++) {
    if ((sorted[i] ?? 0) < (sorted[i - 1] ?? 0)) throw new Error('spreadOf needs values in ascending order');
  }
  return {
    count: sorted.length,
    p25: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    p75: quantileSorted(sorted, 0.75),
    p90: quantileSorted(sorted, 0.9),
  };
}
