import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/lib/random.js';
import { inWindow } from '../../src/services/campaigns/plan-sends.js';
import {
  bestSlot,
  dealArms,
  exploreSlot,
  slotBeliefs,
  slotsInRange,
} from '../../src/services/send-times/slot-policy.js';
import { betaDraw } from '../../src/stats/index.js';

const window = { days: [1, 2, 3, 4, 5], startHour: 9, endHour: 18 };
// Monday 7 December 2026, 00:00 in Tokyo, to the next Monday.
const week = { from: new Date('2026-12-06T15:00:00Z'), to: new Date('2026-12-13T15:00:00Z') };

describe('slotsInRange: every slot the range and the window allow, at its first occurrence', () => {
  it('gives the 45 weekday slots of Mon–Fri 09–18 in a week, each inside the window and the range', () => {
    const slots = slotsInRange('Asia/Tokyo', week, window);
    expect(slots).toHaveLength(45);
    expect(new Set(slots.map((s) => `${s.weekday}:${s.hour}`)).size).toBe(45);
    for (const s of slots) {
      expect(inWindow(s.at, 'Asia/Tokyo', window)).toBe(true);
      expect(s.at >= week.from && s.at <= week.to).toBe(true);
    }
    expect(slots[0]?.at.toISOString()).toBe('2026-12-07T00:00:00.000Z'); // Mon 09:00 JST
  });

  it('never reaches past `to`, and gives nothing for a weekend range with a weekday window', () => {
    const tuesday = { from: week.from, to: new Date('2026-12-08T15:00:00Z') };
    expect(slotsInRange('Asia/Tokyo', tuesday, window)).toHaveLength(18);
    const weekend = { from: new Date('2026-12-04T15:00:00Z'), to: new Date('2026-12-06T14:00:00Z') };
    expect(slotsInRange('Asia/Tokyo', weekend, window)).toEqual([]);
    expect(
      slotsInRange('UTC', { from: week.from, to: new Date(week.from.getTime() + 3_600_000) }, null),
    ).toHaveLength(2);
  });
});

describe('slotBeliefs and bestSlot: the fitted prior across slots', () => {
  const slots = slotsInRange('Asia/Tokyo', week, window);
  it('keeps the habit while nothing says another slot differs', () => {
    const beliefs = slotBeliefs([{ weekday: 2, hour: 10, successes: 400, trials: 2000 }]);
    expect(beliefs.typical).toBeCloseTo(0.2, 12);
    expect(bestSlot(slots, beliefs)).toMatchObject({ weekday: 2, hour: 10 });
  });

  it('moves to a slot whose own sends show it better, but not to one lucky on a handful', () => {
    const counts = [
      { weekday: 2, hour: 10, successes: 800, trials: 4000 },
      { weekday: 4, hour: 15, successes: 84, trials: 300 }, // 28%
      { weekday: 1, hour: 9, successes: 4, trials: 10 }, // 40% of 10
      ...[11, 12, 13, 14].map((hour) => ({ weekday: 3, hour, successes: 60, trials: 300 })),
    ];
    expect(bestSlot(slots, slotBeliefs(counts))).toMatchObject({ weekday: 4, hour: 15 });
  });

  it('believes an untried slot typical, and unsure while nothing shows how much slots differ', () => {
    const beliefs = slotBeliefs([{ weekday: 2, hour: 10, successes: 400, trials: 2000 }]);
    expect(beliefs.mean(5, 17)).toBeCloseTo(beliefs.typical, 12);
    const random = seededRandom('untried');
    const draws = Array.from(
      { length: 4000 },
      () => beliefs.draw([{ weekday: 5, hour: 17 }], random)[0] ?? 0,
    );
    const sd = Math.sqrt(draws.reduce((s, x) => s + (x - beliefs.typical) ** 2, 0) / draws.length);
    expect(sd).toBeGreaterThan(0.03);
  });
});

describe('exploreSlot: Thompson sampling', () => {
  const slots = slotsInRange('Asia/Tokyo', week, window);
  it('tries the untried slots and leaves the well-known average one and the avoided one alone', () => {
    const habit = slots.find((s) => s.weekday === 2 && s.hour === 10) ?? null;
    const known = slots.find((s) => s.weekday === 3 && s.hour === 11);
    const beliefs = slotBeliefs([
      { weekday: 2, hour: 10, successes: 800, trials: 4000 },
      { weekday: 3, hour: 11, successes: 200, trials: 1000 },
    ]);
    const random = seededRandom('explore');
    const picks = Array.from({ length: 2000 }, () => exploreSlot(slots, beliefs, random, habit));
    expect(picks.some((s) => s === habit)).toBe(false);
    // 43 untried slots share almost every draw; the known average one (sd 1.3 points) wins almost none.
    expect(picks.filter((s) => s === known).length).toBeLessThan(40);
    expect(new Set(picks).size).toBeGreaterThan(40);
  });

  it('favours a promising slot over one shown poor', () => {
    const beliefs = slotBeliefs([
      { weekday: 1, hour: 9, successes: 18, trials: 50 },
      { weekday: 1, hour: 10, successes: 5, trials: 50 },
      { weekday: 2, hour: 10, successes: 800, trials: 4000 },
    ]);
    const random = seededRandom('promising');
    const two = slots.filter((s) => s.weekday === 1 && (s.hour === 9 || s.hour === 10));
    const picks = Array.from({ length: 1000 }, () => exploreSlot(two, beliefs, random, null)?.hour);
    // About 0.9: both are pulled toward 20%, yet 18 of 50 against 5 of 50 still wins most draws.
    expect(picks.filter((h) => h === 9).length).toBeGreaterThan(850);
  });
});

describe('dealArms and betaDraw', () => {
  it('deals the shares, rounding each', () => {
    const arms = dealArms(1001, { explorationShare: 0.1, holdoutShare: 0.1 });
    expect(arms.filter((a) => a === 'holdout')).toHaveLength(100);
    expect(arms.filter((a) => a === 'explore')).toHaveLength(100);
    expect(arms.filter((a) => a === 'optimized')).toHaveLength(801);
    expect(dealArms(3, { explorationShare: 0, holdoutShare: 0 })).toEqual([
      'optimized',
      'optimized',
      'optimized',
    ]);
  });

  it('draws Beta with the right mean and variance, small shapes included', () => {
    const random = seededRandom('beta');
    for (const [a, b] of [
      [2, 8],
      [0.5, 0.5],
      [50, 200],
    ] as const) {
      const xs = Array.from({ length: 40_000 }, () => betaDraw(a, b, random));
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
      const m = a / (a + b);
      const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
      expect(Math.abs(mean - m)).toBeLessThan(4 * Math.sqrt(v / xs.length));
      expect(variance / v).toBeGreaterThan(0.95);
      expect(variance / v).toBeLessThan(1.05);
    }
  });
});
