import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/lib/random.js';
import { nextLocalHour } from '../../src/lib/time-zones.js';
import type { Cell } from '../../src/services/analysis/open-rates.js';
import { effects, rankSlots } from '../../src/services/analysis/recommendations.js';
import { chooseHour, DEFAULT_HOUR } from '../../src/services/analysis/send-time-model.js';
import { newcombeDifference } from '../../src/stats/index.js';

const hours = (entries: Record<number, number>) => Array.from({ length: 24 }, (_, h) => entries[h] ?? 0);
const listPattern = (best: number) =>
  Array.from({ length: 24 }, (_, h) => (h === best ? 0.3 : h >= 8 && h <= 18 ? 0.2 : null));

describe('chooseHour', () => {
  it('no history anywhere: 10:00, and says so', () => {
    expect(chooseHour(hours({}), Array(24).fill(null))).toMatchObject({
      hour: DEFAULT_HOUR,
      basis: 'default',
      ownOpens: 0,
    });
  });
  it('thin history: the list’s best hour', () => {
    expect(chooseHour(hours({ 21: 2 }), listPattern(14))).toMatchObject({
      hour: 14,
      basis: 'list',
      ownOpens: 2,
    });
  });
  it('enough history: the contact’s own hour wins over the list’s', () => {
    expect(chooseHour(hours({ 21: 3, 7: 1 }), listPattern(14))).toMatchObject({
      hour: 21,
      basis: 'contact',
      ownOpens: 4,
    });
  });
  it('a split history leans toward the list’s pattern', () => {
    expect(chooseHour(hours({ 14: 2, 21: 2 }), listPattern(14)).hour).toBe(14);
  });
});

describe('nextLocalHour', () => {
  it('the next time the local clock shows the hour, across zones and days', () => {
    const from = new Date('2026-11-26T09:30:00Z'); // 18:30 in Tokyo, 01:30 in Los Angeles
    expect(nextLocalHour(10, 'Asia/Tokyo', from).toISOString()).toBe('2026-11-27T01:00:00.000Z');
    expect(nextLocalHour(10, 'America/Los_Angeles', from).toISOString()).toBe('2026-11-26T18:00:00.000Z');
    expect(nextLocalHour(9, 'UTC', from).toISOString()).toBe('2026-11-27T09:00:00.000Z');
  });
});

function cells(rate: (weekday: number, hour: number) => number, trials: number, seed: string): Cell[] {
  const random = seededRandom(seed);
  const out: Cell[] = [];
  for (let weekday = 1; weekday <= 5; weekday++) {
    for (let hour = 8; hour <= 18; hour++) {
      let opens = 0;
      for (let i = 0; i < trials; i++) if (random() < rate(weekday, hour)) opens++;
      out.push({
        key: { weekday, hour },
        sends: trials,
        delivered: trials,
        opens,
        humanOpens: opens,
        machineOpens: 0,
        clicks: 0,
        humanClicks: 0,
        rate: opens / trials,
        denominator: 'delivered',
        ci: null,
        shrunkRate: null,
      });
    }
  }
  return out;
}

describe('rankSlots', () => {
  it('finds a planted best slot and calls it established', () => {
    const ranked = rankSlots(cells((d, h) => (d === 2 && h === 10 ? 0.4 : 0.2), 400, 'planted'));
    expect(ranked.status).toBe('established');
    expect(ranked.best[0]).toMatchObject({ weekday: 2, hour: 10, significant: true });
    expect(ranked.best[0]?.probabilityBeatsTypical).toBeGreaterThan(0.99);
    expect(ranked.sampleNeeded).toBeNull();
  });

  it('with no effect, claims one in no more than the nominal share of 200 seeds, and says what would settle it', () => {
    let claims = 0;
    for (let seed = 0; seed < 200; seed++) {
      const ranked = rankSlots(cells(() => 0.2, 60, `null-${seed}`));
      if (ranked.status === 'established') claims++;
      else expect(ranked.sampleNeeded?.perSlot).toBeGreaterThan(60);
    }
    expect(claims / 200).toBeLessThanOrEqual(0.05);
  });
});

describe('effects (subject features, lead sources)', () => {
  it('with no effect anywhere, claims one in no more than the nominal share of 200 seeds', () => {
    let claims = 0;
    for (let seed = 0; seed < 200; seed++) {
      const random = seededRandom(`features-${seed}`);
      const draw = (n: number) => {
        let s = 0;
        for (let i = 0; i < n; i++) if (random() < 0.2) s++;
        return { successes: s, trials: n };
      };
      const pairs = ['question', 'number', 'brackets', 'personalized', 'emoji', 'urgency'].map((name) => {
        const withIt = draw(150);
        const without = draw(450);
        const diff = newcombeDifference(withIt, without);
        return {
          name,
          with: withIt,
          without,
          effect: diff?.estimate ?? null,
          ci: diff ? { lower: diff.lower, upper: diff.upper } : null,
        };
      });
      if (effects(pairs).some((e) => e.significant)) claims++;
    }
    expect(claims / 200).toBeLessThanOrEqual(0.05);
  });

  it('a real +10-point effect is claimed', () => {
    const withIt = { successes: 90, trials: 300 };
    const without = { successes: 60, trials: 300 };
    const diff = newcombeDifference(withIt, without);
    const [e] = effects([
      { name: 'question', with: withIt, without, effect: diff?.estimate ?? null, ci: diff },
    ]);
    expect(e).toMatchObject({ significant: true });
    expect(e?.effect).toBeCloseTo(0.1, 10);
  });
});
