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

describe('rateFor: history, then the month’s default, then 10%', () => {
  it('uses history with enough of it', () => {
    expect(rateFor('win', 12, 40, 0.5)).toMatchObject({
      rate: 0.3,
      basis: 'history',
      history: { successes: 12, trials: 40, months: 3 },
    });
    expect(rateFor('win', 12, 40, null).reason).toBe('12 won of 40 meetings in the last 3 months');
    expect(rateFor('meeting', 40, 400, null).reason).toBe(
      '40 meetings of 400 engaged leads in the last 3 months',
    );
  });
  it('falls back to the default, then to 10%, and says why', () => {
    expect(rateFor('win', 3, 10, 0.25)).toMatchObject({ rate: 0.25, basis: 'default' });
    expect(rateFor('win', 3, 10, 0.25).reason).toBe(
      "the month's default: 3 won of 10 meetings in the last 3 months, too few to go by",
    );
    expect(rateFor('win', 0, 0, null)).toMatchObject({ rate: FALLBACK_RATE, basis: 'fallback' });
    expect(rateFor('win', 0, 500, null).basis).toBe('fallback');
  });
  it('says why in Japanese for a Japanese reader', () => {
    expect(rateFor('win', 12, 40, null, 'ja').reason).toBe('過去3か月で商談 40 件中 受注 12 件');
    expect(rateFor('meeting', 2, 10, null, 'ja').reason).toBe(
      '10% と仮定（過去3か月でエンゲージしたリード 10 件中 商談 2 件。判断するには少なすぎます）',
    );
  });
});
