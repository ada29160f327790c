import { describe, expect, it } from 'vitest';
import { isBusinessDay, monthDays, paceOf, shiftMonth } from '../../src/services/kpi/pace.js';
import { FALLBACK_RATE, rateFor } from '../../src/services/kpi/plan.js';

describe('pace by business days', () => {
  it('counts Monday to Friday, across month ends, leap years and weekends', () => {
    expect(monthDays('2026-02')).toHaveLength(28);
    expect(monthDays('2028-02')).toHaveLength(29);
    expect(monthDays('2026-11').filter(isBusinessDay)).toHaveLength(21);
    // 1 November 2026 is a Sunday, the 30th a Monday.
    expect(paceOf('2026-11', '2026-11-01')).toEqual({ businessDays: 21, elapsed: 0, share: 0 });
    expect(paceOf('2026-11', '2026-11-02').elapsed).toBe(1);
    // A weekend adds nothing: Friday the 6th, Saturday the 7th and Sunday the 8th all stand at 5.
    expect(['2026-11-06', '2026-11-07', '2026-11-08'].map((d) => paceOf('2026-11', d).elapsed)).toEqual([
      5, 5, 5,
    ]);
    expect(paceOf('2026-11', '2026-11-30')).toEqual({ businessDays: 21, elapsed: 21, share: 1 });
    expect(paceOf('2026-11', '2026-12-15').share).toBe(1);
    expect(paceOf('2026-12', '2026-11-30').share).toBe(0);
  });

  it('shifts months across years', () => {
    expect([shiftMonth('2026-01', -3), shiftMonth('2026-11', 2), shiftMonth('2026-12', 0)]).toEqual([
      '2025-10',
      '2027-01',
      '2026-12',
    ]);
  });
});

describe('rateFor: history weighed with the month’s default (else 10%), never a switch', () => {
  it('is the prior without history, and moves towards history as it grows', () => {
    expect(rateFor('win', 0, 0, null)).toMatchObject({
      rate: FALLBACK_RATE,
      prior: { rate: FALLBACK_RATE, basis: 'assumed', strength: 20 },
      historyWeight: 0,
    });
    // The case: 7 won of 20 outbound meetings. Before: "10% assumed, too few to go by".
    const outbound = rateFor('win', 7, 20, null);
    expect(outbound.rate).toBeCloseTo((2 + 7) / 40, 14);
    expect(outbound.historyWeight).toBe(0.5);
    expect(outbound.interval.low).toBeLessThan(outbound.rate);
    expect(outbound.interval.high).toBeGreaterThan(outbound.rate);
    // A default is the prior instead of 10%; a stronger prior moves less.
    expect(rateFor('win', 7, 20, 0.25).rate).toBeCloseTo((5 + 7) / 40, 14);
    expect(rateFor('win', 7, 20, null, 80).rate).toBeCloseTo((8 + 7) / 100, 14);
    // Ample history decides.
    expect(rateFor('meeting', 400, 1000, null).rate).toBeCloseTo(402 / 1020, 14);
  });

  it('says how it weighed, in English and Japanese', () => {
    expect(rateFor('win', 7, 20, null).reason).toBe(
      '7 won of 20 meetings in the last 3 months, weighed with an assumed 10% worth 20 meetings: 22.5% ' +
        `(95%: ${(rateFor('win', 7, 20, null).interval.low * 100).toFixed(1)}%–` +
        `${(rateFor('win', 7, 20, null).interval.high * 100).toFixed(1)}%)`,
    );
    expect(rateFor('meeting', 2, 10, 0.08, 20, 'ja').reason).toMatch(
      /^過去3か月でエンゲージしたリード 10 件中 商談 2 件。今月の既定値 8%（リード 20 件分）と合わせて 12%（95%: .+〜.+）$/,
    );
  });
});
