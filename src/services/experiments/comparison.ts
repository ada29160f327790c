import type { ChiSquareTest, Interval } from '../../stats/index.js';

/**
 * Experiments: A/B tests of subject lines and content. This folder holds the comparison (compare-variants, with
 * explain-comparison saying it in words), the pure winner decision (decide-winner), running the decisions that
 * are due (run-due-decisions) and sending the held recipients the winner (release-held), and planning a test's
 * size (plan-sample-size). These are the comparison's shapes, shared by all of them.
 */

export interface VariantCounts {
  label: string;
  /** Trials: delivered messages when known. */
  sends: number;
  /** Successes by the chosen metric: opened, or clicked. */
  opens: number;
}

export interface CompareInput {
  variants: VariantCounts[];
  alpha: number;
  expectedSplit?: number[] | undefined;
  minPerVariant: number;
  winThreshold: number;
}

export interface VsControl {
  z: number | null;
  pValue: number | null;
  adjustedPValue: number | null;
}

export interface VariantResult extends VariantCounts {
  rate: number | null;
  ci: Interval | null;
  probabilityToBeBest: number;
  expectedLoss: number;
  vsControl?: VsControl;
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

export interface Comparison {
  variants: VariantResult[];
  chiSquare: Nullable<ChiSquareTest>;
  srm?: { statistic: number | null; pValue: number | null; mismatch: boolean };
  sufficient: boolean;
  winner: string | null;
  notes: string[];
}
