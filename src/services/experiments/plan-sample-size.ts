import { sampleSizeCohensH, sampleSizePooledNormal } from '../../stats/index.js';
import { type Lang, SAMPLE_SIZE_TEXT } from '../../text/index.js';

export interface SampleSizeInput {
  baselineRate: number;
  targetRate: number;
  alpha: number;
  power: number;
  variants: number;
  listSize?: number | undefined;
}

export interface SampleSizePlan {
  /** Sends per variant by Cohen's h, as standard power software computes it. */
  perVariant: number;
  /** Sends per variant by the pooled-normal formula, for comparison. */
  perVariantPooled: number;
  total: number;
  feasible?: boolean;
  alphaPerComparison: number;
  notes: string[];
}

/**
 * Sends needed per variant to detect baseline → target with the given power, two-sided. With more than two
 * variants each is compared with the control at alpha / (variants − 1) (Bonferroni), and the notes say so.
 */
export function planSampleSize(input: SampleSizeInput, lang: Lang): SampleSizePlan {
  const t = SAMPLE_SIZE_TEXT[lang];
  const alphaPerComparison = input.variants > 2 ? input.alpha / (input.variants - 1) : input.alpha;
  const plan = {
    baseline: input.baselineRate,
    target: input.targetRate,
    alpha: alphaPerComparison,
    power: input.power,
  };
  const perVariant = Math.ceil(sampleSizeCohensH(plan));
  const total = perVariant * input.variants;
  const notes = [t.method];
  if (input.variants > 2) notes.push(t.bonferroni(input.variants, input.alpha, alphaPerComparison));
  const { listSize } = input;
  if (listSize !== undefined) {
    notes.push(total <= listSize ? t.feasible(total, listSize) : t.infeasible(total, listSize));
  }
  return {
    perVariant,
    perVariantPooled: Math.ceil(sampleSizePooledNormal(plan)),
    total,
    ...(listSize === undefined ? {} : { feasible: total <= listSize }),
    alphaPerComparison,
    notes,
  };
}
