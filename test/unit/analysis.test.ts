import { describe, expect, it } from 'vitest';
import { compareVariants } from '../../src/services/experiments/compare-variants.js';
import type { CompareInput, VariantCounts } from '../../src/services/experiments/comparison.js';
import { planSampleSize } from '../../src/services/experiments/plan-sample-size.js';
import {
  sampleSizeCohensH,
  sampleSizePooledNormal,
  twoProportionZTest,
  wilsonInterval,
} from '../../src/stats/index.js';

const DEFAULTS = { alpha: 0.05, minPerVariant: 100, winThreshold: 0.95 };
const input = (variants: [string, number, number][], extra: Partial<CompareInput> = {}): CompareInput => ({
  ...DEFAULTS,
  variants: variants.map(([label, sends, opens]): VariantCounts => ({ label, sends, opens })),
  ...extra,
});
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const show = (x: unknown) => JSON.stringify(x, null, 2);

describe('compareVariants', () => {
  it('reports rates, intervals, tests against the control and a winner', () => {
    const result = compareVariants(
      input([
        ['A', 2000, 400],
        ['B', 2000, 520],
      ]),
      'en',
    );
    const [a, b] = result.variants;
    expect(a?.rate).toBe(0.2);
    expect(a?.ci).toEqual(wilsonInterval({ successes: 400, trials: 2000 }));
    expect(a?.vsControl, 'the control is not tested against itself').toBeUndefined();
    const z = twoProportionZTest({ successes: 400, trials: 2000 }, { successes: 520, trials: 2000 });
    expect(b?.vsControl).toEqual({ z: z?.z, pValue: z?.pValue, adjustedPValue: z?.pValue });
    expect(result.chiSquare.dof).toBe(1);
    // With two groups the chi-square statistic is the z statistic squared.
    expect(result.chiSquare.statistic).toBeCloseTo((z?.z ?? 0) ** 2, 9);
    expect(b?.probabilityToBeBest).toBeGreaterThan(0.9999);
    expect(sum(result.variants.map((v) => v.probabilityToBeBest))).toBeCloseTo(1, 10);
    expect(result).toMatchObject({ sufficient: true, winner: 'B' });
    expect(result.srm).toBeUndefined();
    expect(result.notes, show(result.notes)).toEqual([
      '"B" wins: its probability to be best is >99.9% (threshold 95.0%).',
    ]);
  });

  it('answers zero sends with nulls and says why', () => {
    const result = compareVariants(
      input([
        ['A', 0, 0],
        ['B', 150, 12],
      ]),
      'en',
    );
    const [a, b] = result.variants;
    expect(a).toMatchObject({ rate: null, ci: null });
    expect(b?.vsControl).toEqual({ z: null, pValue: null, adjustedPValue: null });
    expect(result.chiSquare).toEqual({ statistic: null, dof: null, pValue: null });
    expect(sum(result.variants.map((v) => v.probabilityToBeBest))).toBeCloseTo(1, 10);
    expect(result).toMatchObject({ sufficient: false, winner: null });
    expect(result.notes, show(result.notes)).toEqual([
      '"A" has no sends: its rate and interval are undefined, and the tests leave it out.',
      'The control "A" has no sends, so no variant can be tested against it.',
      'The chi-square test needs at least two variants with sends.',
      'Not enough data: "A" has fewer than 100 sends, so no winner is declared yet.',
    ]);
  });

  it('answers no opens anywhere without tests; the fewest sends leave the most room to be best', () => {
    const result = compareVariants(
      input([
        ['A', 500, 0],
        ['B', 400, 0],
        ['C', 300, 0],
      ]),
      'en',
    );
    for (const v of result.variants.slice(1))
      expect(v.vsControl).toEqual({ z: null, pValue: null, adjustedPValue: null });
    expect(result.chiSquare.pValue).toBeNull();
    for (const v of result.variants) expect(v).toMatchObject({ rate: 0, ci: { lower: 0 } });
    const [a, b, c] = result.variants.map((v) => v.probabilityToBeBest);
    expect(a ?? 0).toBeLessThan(b ?? 0);
    expect(b ?? 0).toBeLessThan(c ?? 0);
    expect(sum(result.variants.map((v) => v.probabilityToBeBest))).toBeCloseTo(1, 10);
    expect(result).toMatchObject({ sufficient: true, winner: null });
    expect(result.notes, show(result.notes)).toEqual([
      'No variant has any opens: with nothing to compare, the z-tests and the chi-square test are undefined.',
      expect.stringMatching(
        /^No winner yet: the likeliest best is "C" at \d+\.\d%, below the 95\.0% threshold\.$/,
      ),
    ]);
  });

  it('answers every send opened without tests', () => {
    const result = compareVariants(
      input([
        ['A', 200, 200],
        ['B', 300, 300],
      ]),
      'en',
    );
    expect(result.variants.map((v) => v.ci?.upper)).toEqual([1, 1]);
    expect(result.variants[1]?.vsControl?.pValue).toBeNull();
    // P(Beta(301, 1) > Beta(201, 1)) = 301 / 502.
    expect(result.variants[1]?.probabilityToBeBest).toBeCloseTo(301 / 502, 9);
    expect(result.notes[0]).toBe(
      'Every send was opened: with no variation, the z-tests and the chi-square test are undefined.',
    );
  });

  it('names a comparison that is undefined on its own and adjusts the rest', () => {
    const result = compareVariants(
      input([
        ['A', 400, 0],
        ['B', 400, 0],
        ['C', 400, 30],
        ['D', 400, 9],
      ]),
      'en',
    );
    const [, b, c, d] = result.variants;
    expect(b?.vsControl?.z).toBeNull();
    expect(c?.vsControl?.adjustedPValue).toBe(
      Math.min(c?.vsControl?.pValue ?? 0, d?.vsControl?.pValue ?? 0) * 2,
    );
    expect(d?.vsControl?.adjustedPValue).toBe(Math.max(c?.vsControl?.pValue ?? 0, d?.vsControl?.pValue ?? 0));
    expect(result.chiSquare.dof).toBe(3);
    expect(result.notes.slice(0, 2), show(result.notes)).toEqual([
      'The z-test of "B" against the control is undefined: neither has any opens.',
      'p-values against the control are adjusted for 2 comparisons (Benjamini–Hochberg).',
    ]);
  });

  it('declares no winner on a sample ratio mismatch, however clear the leader', () => {
    const counts: [string, number, number][] = [
      ['A', 10_000, 1000],
      ['B', 11_000, 3000],
    ];
    const broken = compareVariants(input(counts, { expectedSplit: [1, 1] }), 'en');
    expect(broken.srm?.mismatch).toBe(true);
    expect(broken.srm?.pValue).toBeLessThan(0.001);
    expect(broken.variants[1]?.probabilityToBeBest).toBeGreaterThan(0.9999);
    expect(broken).toMatchObject({ sufficient: false, winner: null });
    expect(broken.notes.join('\n')).toMatch(/^Sample ratio mismatch: .*no winner is declared\.$/m);

    const intended = compareVariants(input(counts, { expectedSplit: [10, 11] }), 'en');
    expect(intended.srm).toEqual({ statistic: 0, pValue: 1, mismatch: false });
    expect(intended).toMatchObject({ sufficient: true, winner: 'B' });
    expect(intended.notes[0]).toBe('The sends fit the intended split (p = 1.00).');
  });

  it('says when nothing was sent to check the split against', () => {
    const result = compareVariants(
      input(
        [
          ['A', 0, 0],
          ['B', 0, 0],
        ],
        { expectedSplit: [1, 1] },
      ),
      'en',
    );
    expect(result.srm).toEqual({ statistic: null, pValue: null, mismatch: false });
    expect(result.notes).toContain('Nothing was sent, so the split cannot be checked.');
    expect(result.variants.map((v) => v.probabilityToBeBest)).toEqual(
      [0.5, 0.5].map((p) => expect.closeTo(p, 9)),
    );
  });

  it('waits for minPerVariant sends', () => {
    const result = compareVariants(
      input(
        [
          ['A', 60, 5],
          ['B', 90, 40],
        ],
        { minPerVariant: 100 },
      ),
      'en',
    );
    expect(result.variants[1]?.probabilityToBeBest).toBeGreaterThan(0.95);
    expect(result).toMatchObject({ sufficient: false, winner: null });
    expect(result.notes).toContain(
      'Not enough data: "A", "B" have fewer than 100 sends, so no winner is declared yet.',
    );
  });

  it('writes the same notes in Japanese, with the same figures', () => {
    const counts = input(
      [
        ['A', 0, 0],
        ['B', 1000, 100],
        ['C', 1000, 0],
      ],
      { expectedSplit: [1, 1, 1] },
    );
    const en = compareVariants(counts, 'en');
    const ja = compareVariants(counts, 'ja');
    expect({ ...ja, notes: [] }).toEqual({ ...en, notes: [] });
    expect(ja.notes, show(ja.notes)).toEqual([
      '「A」は配信数が 0 のため、開封率と信頼区間は算出できず、検定からも除外しています。',
      '対照群「A」の配信数が 0 のため、対照との比較はできません。',
      expect.stringMatching(/^サンプル比率の不一致（SRM）: .*勝者は判定しません。$/),
      'データ不足: 「A」の配信数が最低 100 件に達していないため、まだ勝者は判定しません。',
    ]);
  });
});

describe('planSampleSize', () => {
  it('plans two variants by Cohen’s h beside the pooled-normal formula', () => {
    const plan = planSampleSize(
      { baselineRate: 0.2, targetRate: 0.22, alpha: 0.05, power: 0.8, variants: 2 },
      'en',
    );
    const exact = { baseline: 0.2, target: 0.22, alpha: 0.05, power: 0.8 };
    expect(plan).toEqual({
      perVariant: Math.ceil(sampleSizeCohensH(exact)),
      perVariantPooled: Math.ceil(sampleSizePooledNormal(exact)),
      total: 2 * Math.ceil(sampleSizeCohensH(exact)),
      alphaPerComparison: 0.05,
      notes: [expect.stringMatching(/^perVariant uses Cohen's h/)],
    });
    // statsmodels' NormalIndPower gives 6507.33 for this plan.
    expect(plan.perVariant).toBe(6508);
  });

  it('splits alpha over the comparisons with the control and says so, with feasibility', () => {
    const request = {
      baselineRate: 0.2,
      targetRate: 0.3,
      alpha: 0.05,
      power: 0.8,
      variants: 4,
      listSize: 1500,
    };
    const plan = planSampleSize(request, 'en');
    expect(plan.alphaPerComparison).toBeCloseTo(0.05 / 3, 15);
    expect(plan.perVariant).toBe(390);
    expect(plan).toMatchObject({ total: 1560, feasible: false });
    expect(plan.notes.slice(1)).toEqual([
      'With 4 variants, alpha 0.05 is split over the 3 comparisons against the control (Bonferroni): 0.0167 each.',
      'The test needs 1560 sends but the list has only 1500: aim for a larger difference, fewer variants or a larger list.',
    ]);
    const ja = planSampleSize({ ...request, listSize: 2000 }, 'ja');
    expect(ja.feasible).toBe(true);
    expect(ja.notes.slice(1)).toEqual([
      'バリアントが 4 個のため、有意水準 0.05 を対照との 3 件の比較に分割しています（Bonferroni 法）: 各 0.0167。',
      '必要な配信数は 1560 件で、リストは 2000 件です。',
    ]);
  });
});
