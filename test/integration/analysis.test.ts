import { describe, expect, it } from 'vitest';
import { route as compare } from '../../src/routes/analysis/compare.js';
import { route as sampleSize } from '../../src/routes/analysis/sample-size.js';
import { bodyOf, errorOf, validationDetailsOf } from '../helpers/bodies.js';
import { BACKENDS, show, useTestContext } from '../helpers/test-app.js';

const COMPARE = '/v1/analysis/compare';
const SAMPLE_SIZE = '/v1/analysis/sample-size';

const twoVariants = {
  variants: [
    { label: 'Subject A', sends: 2000, opens: 400 },
    { label: 'Subject B', sends: 2000, opens: 520 },
  ],
};

describe.each(BACKENDS)('analysis endpoints on %s', (backend) => {
  const ctx = useTestContext(backend);

  async function post(path: string, json: unknown, role: 'reader' | 'analyst' = 'analyst', headers = {}) {
    return ctx.request(path, { method: 'POST', key: await ctx.keyFor(ctx.a, role), json, headers });
  }

  it('lets analysts compare and refuses readers', async () => {
    const refused = await post(COMPARE, twoVariants, 'reader');
    expect(refused.status, await show(refused)).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'forbidden' } });

    const res = await post(COMPARE, { ...twoVariants, expectedSplit: [1, 1] });
    expect(res.status, await show(res)).toBe(200);
    const body = await bodyOf(res, compare);
    expect(body).toMatchObject({
      variants: [
        { label: 'Subject A', sends: 2000, opens: 400, rate: 0.2, ci: { lower: expect.any(Number) } },
        { label: 'Subject B', rate: 0.26, vsControl: { z: expect.any(Number), pValue: expect.any(Number) } },
      ],
      chiSquare: { dof: 1 },
      srm: { statistic: 0, pValue: 1, mismatch: false },
      sufficient: true,
      winner: 'Subject B',
    });
    expect(body.variants[0]).not.toHaveProperty('vsControl');
    expect(body.notes).toContain('"Subject B" wins: its probability to be best is >99.9% (threshold 95.0%).');
  });

  it('writes notes in Japanese for Accept-Language: ja', async () => {
    const res = await post(COMPARE, twoVariants, 'analyst', { 'Accept-Language': 'ja,en;q=0.5' });
    expect(res.status, await show(res)).toBe(200);
    const body = await bodyOf(res, compare);
    expect(body.notes).toEqual(['「Subject B」が勝者です: 最良である確率は >99.9%（しきい値 95.0%）です。']);
  });

  it('answers degenerate counts with nulls, not errors', async () => {
    const res = await post(COMPARE, {
      variants: [
        { label: 'A', sends: 0, opens: 0 },
        { label: 'B', sends: 300, opens: 0 },
        { label: 'C', sends: 300, opens: 0 },
      ],
    });
    expect(res.status, await show(res)).toBe(200);
    const body = await bodyOf(res, compare);
    expect(body).toMatchObject({
      variants: [
        { rate: null, ci: null },
        { vsControl: { z: null, pValue: null, adjustedPValue: null } },
        {},
      ],
      chiSquare: { statistic: null, dof: null, pValue: null },
      sufficient: false,
      winner: null,
    });
    expect(body.notes.length).toBeGreaterThanOrEqual(3);
  });

  it.each([
    [
      'a negative count',
      { variants: [{ label: 'A', sends: -1, opens: 0 }, twoVariants.variants[1]] },
      'variants.0.sends',
    ],
    [
      'a fractional count',
      { variants: [{ label: 'A', sends: 10.5, opens: 1 }, twoVariants.variants[1]] },
      'variants.0.sends',
    ],
    [
      'opens above sends',
      { variants: [twoVariants.variants[0], { label: 'B', sends: 10, opens: 11 }] },
      'variants.1.opens',
    ],
    ['one variant', { variants: [twoVariants.variants[0]] }, 'variants'],
    ['repeated labels', { variants: [twoVariants.variants[0], twoVariants.variants[0]] }, 'variants'],
    [
      'a split that does not match the variants',
      { ...twoVariants, expectedSplit: [1, 1, 1] },
      'expectedSplit',
    ],
    ['a zero weight in the split', { ...twoVariants, expectedSplit: [1, 0] }, 'expectedSplit.1'],
    ['a threshold below one half', { ...twoVariants, winThreshold: 0.3 }, 'winThreshold'],
    ['an unknown field', { ...twoVariants, metric: 'opens' }, ''],
  ])('refuses %s on compare', async (_, json, path) => {
    const res = await post(COMPARE, json);
    expect(res.status, await show(res)).toBe(400);
    const body = await errorOf(res);
    expect(body.error).toMatchObject({
      code: 'validation_failed',
      requestId: res.headers.get('x-request-id'),
    });
    expect(validationDetailsOf(body).map((d) => d.path)).toContain(path);
  });

  it('plans a sample size for analysts, splitting alpha over several variants', async () => {
    const refused = await post(SAMPLE_SIZE, { baselineRate: 0.2, targetRate: 0.22 }, 'reader');
    expect(refused.status, await show(refused)).toBe(403);

    const two = await post(SAMPLE_SIZE, { baselineRate: 0.2, targetRate: 0.22 });
    expect(two.status, await show(two)).toBe(200);
    expect(await two.json()).toMatchObject({
      perVariant: 6508,
      perVariantPooled: 6510,
      total: 13016,
      alphaPerComparison: 0.05,
    });

    const four = await post(SAMPLE_SIZE, { baselineRate: 0.2, targetRate: 0.3, variants: 4, listSize: 1000 });
    expect(four.status, await show(four)).toBe(200);
    const plan = await bodyOf(four, sampleSize);
    expect(plan).toMatchObject({ perVariant: 390, total: 1560, feasible: false });
    expect(plan.alphaPerComparison).toBeCloseTo(0.05 / 3, 15);
    expect(plan.notes.join(' ')).toContain('(Bonferroni)');
  });

  it.each([
    ['equal rates', { baselineRate: 0.2, targetRate: 0.2 }, 'targetRate'],
    ['a rate of 0', { baselineRate: 0, targetRate: 0.2 }, 'baselineRate'],
    ['a rate of 1', { baselineRate: 0.2, targetRate: 1 }, 'targetRate'],
    ['power below alpha', { baselineRate: 0.2, targetRate: 0.3, alpha: 0.2, power: 0.1 }, 'power'],
    ['one variant', { baselineRate: 0.2, targetRate: 0.3, variants: 1 }, 'variants'],
    ['a fractional list size', { baselineRate: 0.2, targetRate: 0.3, listSize: 10.5 }, 'listSize'],
  ])('refuses %s on sample-size', async (_, json, path) => {
    const res = await post(SAMPLE_SIZE, json);
    expect(res.status, await show(res)).toBe(400);
    const body = await errorOf(res);
    expect(body.error.code).toBe('validation_failed');
    expect(validationDetailsOf(body).map((d) => d.path)).toContain(path);
  });
});
