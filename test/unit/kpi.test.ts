import { describe, expect, it } from 'vitest';
import { isBusinessDay, monthDays, paceOf, shiftMonth } from '../../src/services/kpi/pace';
import { FALLBACK_RATE, rateFor } from '../../src/services/kpi/plan';

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

const WON = { successes: 'won', trials: 'meetings' };

describe('rateFor: history, then the month’s default, then 10%', () => {
  it('uses history with enough of it', () => {
    expect(rateFor(12, 40, 0.3, WON)).toMatchObject({ rate: 0.3, basis: 'history' });
    expect(rateFor(12, 40, null, WON).reason).toBe('12 won of 40 meetings in the last 3 months');
  });
  it('falls back to the default, then to 10%, and says why', () => {
    expect(rateFor(3, 10, 0.25, WON)).toMatchObject({ rate: 0.25, basis: 'default' });
    expect(rateFor(0, 0, null, WON)).toMatchObject({ rate: FALLBACK_RATE, basis: 'fallback' });
    expect(rateFor(0, 500, null, WON).basis).toBe('fallback');
  });
});
