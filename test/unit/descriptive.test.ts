import { describe, expect, it } from 'vitest';
import { spreadOf } from '../../src/stats/index.js';

// Quantiles by linear interpolation between order statistics (R's type 7, numpy.percentile's default), as
// simple-statistics' quantileSorted takes them; expected values are numpy.percentile's.
describe('spreadOf', () => {
  it.each([
    { values: [], expected: null },
    { values: [7], expected: { count: 1, p25: 7, median: 7, p75: 7, p90: 7 } },
    { values: [1, 2, 3, 4], expected: { count: 4, p25: 1.75, median: 2.5, p75: 3.25, p90: 3.7 } },
    { values: [10, 20, 30, 60, 240], expected: { count: 5, p25: 20, median: 30, p75: 60, p90: 168 } },
    {
      values: Array.from({ length: 100 }, (_, i) => i + 1),
      expected: { count: 100, p25: 25.75, median: 50.5, p75: 75.25, p90: 90.1 },
    },
  ])('$values.length values', ({ values, expected }) => {
    const spread = spreadOf(values);
    if (expected === null) return expect(spread).toBeNull();
    expect(spread?.count).toBe(expected.count);
    for (const k of ['p25', 'median', 'p75', 'p90'] as const)
      expect(spread?.[k], k).toBeCloseTo(expected[k], 12);
  });

  it('refuses values not in ascending order, rather than answering wrongly', () => {
    expect(() => spreadOf([3, 1, 2])).toThrow(/ascending/);
  });
});
