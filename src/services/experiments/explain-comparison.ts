import { COMPARE_TEXT, type Lang } from '../../text/index.js';
import type { CompareInput, Comparison, VariantResult } from './comparison.js';

export interface ComparisonFacts {
  input: CompareInput;
  variants: VariantResult[];
  srm: Comparison['srm'];
  sufficient: boolean;
  /** The variant most likely to be best. */
  leader: VariantResult | undefined;
}

/** Why figures are missing (no sends, nothing varies). */
function explainGaps(variants: VariantResult[], lang: Lang): string[] {
  const t = COMPARE_TEXT[lang];
  const [control, ...others] = variants;
  const sent = variants.filter((v) => v.sends > 0);
  const opens = sent.reduce((sum, v) => sum + v.opens, 0);
  const sends = sent.reduce((sum, v) => sum + v.sends, 0);
  const notes = variants.filter((v) => v.sends === 0).map((v) => t.unsent(v.label));
  if (control && control.sends === 0 && others.length > 0) notes.push(t.controlUnsent(control.label));
  if (sent.length < 2) notes.push(t.tooFewForChiSquare);
  else if (opens === 0) notes.push(t.noOpens);
  else if (opens === sends) notes.push(t.allOpened);
  else if (control && control.sends > 0) {
    for (const v of others.filter((o) => o.sends > 0 && o.vsControl?.z === null)) {
      notes.push(v.opens === 0 && control.opens === 0 ? t.pairNoOpens(v.label) : t.pairAllOpened(v.label));
    }
  }
  return notes;
}

/** Whether the sends fit the intended split, when one was given. */
function explainSplit(srm: Comparison['srm'], lang: Lang): string[] {
  const t = COMPARE_TEXT[lang];
  if (!srm) return [];
  if (srm.statistic === null || srm.pValue === null) return [t.srmUndefined];
  return [srm.mismatch ? t.srmMismatch(srm.statistic, srm.pValue) : t.srmFits(srm.pValue)];
}

/** The notes of a comparison, in order: gaps in the data, the adjustment, the split, then the verdict. */
export function explainComparison(facts: ComparisonFacts, lang: Lang): string[] {
  const t = COMPARE_TEXT[lang];
  const { input, variants, srm, leader } = facts;
  const notes = explainGaps(variants, lang);
  const comparisons = variants.filter((v) => typeof v.vsControl?.pValue === 'number').length;
  if (comparisons >= 2) notes.push(t.adjusted(comparisons));
  notes.push(...explainSplit(srm, lang));
  const short = variants.filter((v) => v.sends < input.minPerVariant).map((v) => v.label);
  if (short.length > 0) notes.push(t.short(short, input.minPerVariant));
  if (facts.sufficient && leader) {
    const p = leader.probabilityToBeBest;
    notes.push(
      p >= input.winThreshold
        ? t.winner(leader.label, p, input.winThreshold)
        : t.noWinner(leader.label, p, input.winThreshold),
    );
  }
  return notes;
}
