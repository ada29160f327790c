import { describe, expect, it } from 'vitest';
import { uuidv7 } from '../../src/lib/ids.js';
import { chooseHour } from '../../src/services/analysis/send-time-model.js';
import { nextInWindow, planSends, windowHours } from '../../src/services/campaigns/plan-sends.js';

const recipients = (n: number) => Array.from({ length: n }, () => ({ contactId: uuidv7(), timezone: null }));
const base = {
  defaultTimezone: 'UTC',
  schedule: { type: 'at' as const, at: '2026-12-01T09:00:00Z' },
  sendingWindow: null,
  now: new Date('2026-11-30T00:00:00Z'),
  variantIds: ['a', 'b', 'c'],
  testShare: null,
};

describe('planSends', () => {
  it('deals variants so their sizes differ by at most one', () => {
    for (const n of [1, 2, 3, 10, 101, 1000]) {
      const { summary } = planSends({ ...base, recipients: recipients(n), seed: 'seed' });
      const sizes = Object.values(summary.byVariant);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
    }
  });

  it('is reproducible from the seed and random across seeds', () => {
    const people = recipients(200);
    const assign = (seed: string) =>
      planSends({ ...base, recipients: people, seed })
        .messages.map((m) => `${m.contactId}:${m.variantId}`)
        .sort();
    expect(assign('s1')).toEqual(assign('s1'));
    // The input order must not matter either.
    expect(
      planSends({ ...base, recipients: [...people].reverse(), seed: 's1' })
        .messages.map((m) => `${m.contactId}:${m.variantId}`)
        .sort(),
    ).toEqual(assign('s1'));
    expect(assign('s1')).not.toEqual(assign('s2'));
  });

  it('assigns no variant by position in the list: each variant gets a spread of the sorted order', () => {
    const people = recipients(3000);
    const { messages } = planSends({ ...base, recipients: people, seed: 'spread' });
    const rank = new Map(
      [...people].sort((x, y) => (x.contactId < y.contactId ? -1 : 1)).map((p, i) => [p.contactId, i]),
    );
    for (const v of base.variantIds) {
      const ranks = messages.filter((m) => m.variantId === v).map((m) => rank.get(m.contactId) ?? 0);
      const mean = ranks.reduce((a, b) => a + b, 0) / ranks.length;
      expect(Math.abs(mean - 1500)).toBeLessThan(100);
    }
  });

  it('holds everyone outside the test share', () => {
    const { summary, messages } = planSends({
      ...base,
      recipients: recipients(1000),
      seed: 't',
      testShare: 0.3,
    });
    expect(summary.held).toBe(700);
    expect(messages.filter((m) => m.status === 'held' && m.variantId === null)).toHaveLength(700);
    expect(Object.values(summary.byVariant)).toEqual([100, 100, 100]);
  });
});

describe('nextInWindow', () => {
  const window = { days: [1, 2, 3, 4, 5], startHour: 9, endHour: 18 };

  it('keeps an instant inside the window', () => {
    const t = new Date('2026-12-01T01:00:00Z'); // Tue 10:00 Tokyo
    expect(nextInWindow(t, 'Asia/Tokyo', window)).toEqual(t);
  });

  it('moves early hours to the same day’s opening and evenings and weekends to the next working day', () => {
    expect(nextInWindow(new Date('2026-11-30T22:00:00Z'), 'Asia/Tokyo', window).toISOString()).toBe(
      '2026-12-01T00:00:00.000Z',
    ); // Tue 07:00 → Tue 09:00
    expect(nextInWindow(new Date('2026-12-05T01:00:00Z'), 'Asia/Tokyo', window).toISOString()).toBe(
      '2026-12-07T00:00:00.000Z',
    ); // Sat 10:00 → Mon 09:00
    expect(nextInWindow(new Date('2026-12-01T18:00:00Z'), 'Asia/Tokyo', window).toISOString()).toBe(
      '2026-12-02T00:00:00.000Z',
    ); // Wed 03:00 → Wed 09:00
  });
});

describe('chooseHour inside a sending window', () => {
  const window = { days: [1, 2, 3, 4, 5], startHour: 9, endHour: 18 };
  it('chooses the best hour among those the window allows', () => {
    const allowed = windowHours(window);
    expect(allowed.filter(Boolean)).toHaveLength(9);
    const evening = Array.from({ length: 24 }, (_, h) => (h === 21 ? 5 : 0));
    const pattern = Array.from({ length: 24 }, (_, h) => (h === 21 ? 0.4 : h === 15 ? 0.3 : 0.1));
    expect(chooseHour(evening, pattern).hour).toBe(21);
    expect(chooseHour(evening, pattern, allowed).hour).toBe(15);
    // Opens only outside the window say nothing about the hours inside it: mid-morning, not the window's start.
    const lateOpener = Array.from({ length: 24 }, (_, h) => (h === 22 ? 5 : 0));
    const dayWindow = windowHours({ ...window, startHour: 6, endHour: 20 });
    expect(chooseHour(lateOpener, Array(24).fill(null), dayWindow).hour).toBe(10);
    // No history and a window that starts after 10:00: its first hour.
    expect(
      chooseHour(Array(24).fill(0), Array(24).fill(null), windowHours({ ...window, startHour: 13 })).hour,
    ).toBe(13);
  });
});
