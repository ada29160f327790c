import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages } from '../../src/db/schema/index.js';
import { localParts } from '../../src/lib/time-zones.js';
import { route as scheduleCampaign } from '../../src/routes/campaigns/schedule.js';
import { inWindow } from '../../src/services/campaigns/plan-sends.js';
import { campaignBody, importContacts, makeList, setSender } from '../helpers/audience.js';
import { bodyOf } from '../helpers/bodies.js';
import { BACKENDS, show, useTestContext } from '../helpers/test-app.js';

const WINDOW = { days: [1, 2, 3, 4, 5], startHour: 9, endHour: 18 };
// Monday 7 December 2026, 00:00 in Tokyo, to the next Monday.
const WEEK = { type: 'optimized', from: '2026-12-06T15:00:00Z', to: '2026-12-13T15:00:00Z' };

describe.each(BACKENDS)('send-time exploration and holdout on %s', (backend) => {
  const ctx = useTestContext(backend);
  const key = () => ctx.a.adminKey;

  async function listOf(n: number) {
    const rows = Array.from({ length: n }, (_, i) => ({
      email: `arm${n}-${i}@example.jp`,
      timezone: 'Asia/Tokyo',
    }));
    const ids = await importContacts(ctx, rows);
    return makeList(ctx, `Arms ${n}`, [...ids.values()]);
  }

  async function campaign(listId: string, overrides: Record<string, unknown> = {}) {
    const res = await ctx.request('/v1/campaigns', {
      method: 'POST',
      key: key(),
      json: campaignBody(listId, { sendingWindow: WINDOW, ...overrides }),
    });
    expect(res.status, await show(res)).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  it('explores inside the window and range, holds out at the usual time, and records each arm', async () => {
    await setSender(ctx, ctx.a);
    const usual = await ctx.request('/v1/workspace', {
      method: 'PATCH',
      key: key(),
      json: { sendTime: { usual: { weekday: 2, hour: 10 } } },
    });
    expect(usual.status, await show(usual)).toBe(200);
    expect(((await usual.json()) as { sendTime: unknown }).sendTime).toEqual({
      explorationShare: 0.1,
      holdoutShare: 0.1,
      usual: { weekday: 2, hour: 10 },
    });
    const listId = await listOf(100);
    const id = await campaign(listId, { sendTime: { explorationShare: 0.2, holdoutShare: 0.2 } });
    const res = await ctx.request(`/v1/campaigns/${id}/schedule`, {
      method: 'POST',
      key: key(),
      json: { schedule: WEEK },
    });
    expect(res.status, await show(res)).toBe(200);
    const { summary } = await bodyOf(res, scheduleCampaign);
    expect(summary.sendTime).toMatchObject({
      explorationShare: 0.2,
      holdoutShare: 0.2,
      arms: { optimized: 60, explore: 20, holdout: 20 },
    });
    const rows = await ctx.db.handle.db.select().from(messages).where(eq(messages.campaignId, id));
    const range = { from: new Date(WEEK.from), to: new Date(WEEK.to) };
    const slot = (d: Date) => {
      const p = localParts(d, 'Asia/Tokyo');
      return `${p.weekday}:${p.hour}`;
    };
    for (const m of rows) {
      expect(inWindow(m.scheduledAt, 'Asia/Tokyo', WINDOW)).toBe(true);
      expect(m.scheduledAt >= range.from && m.scheduledAt <= range.to).toBe(true);
    }
    const holdout = rows.filter((m) => m.sendArm === 'holdout');
    expect(new Set(holdout.map((m) => slot(m.scheduledAt)))).toEqual(new Set(['2:10']));
    const optimizedSlots = new Set(
      rows.filter((m) => m.sendArm === 'optimized').map((m) => slot(m.scheduledAt)),
    );
    expect(optimizedSlots.size).toBe(1);
    const explored = rows.filter((m) => m.sendArm === 'explore').map((m) => slot(m.scheduledAt));
    expect(explored).toHaveLength(20);
    expect(explored.some((s) => optimizedSlots.has(s))).toBe(false);
    expect(summary.sendTime?.slotsExplored).toBe(new Set(explored).size);

    // Four days later: half of each arm's recipients opened within 72 hours, one more after them.
    const sentAt = new Date('2026-12-07T01:00:00Z');
    for (const arm of ['optimized', 'holdout'] as const) {
      const ofArm = rows.filter((m) => m.sendArm === arm);
      const opened = ofArm.slice(0, arm === 'optimized' ? 30 : 5).map((m) => m.id);
      await ctx.db.handle.db
        .update(messages)
        .set({ status: 'sent', sentAt })
        .where(
          inArray(
            messages.id,
            ofArm.map((m) => m.id),
          ),
        );
      await ctx.db.handle.db
        .update(messages)
        .set({ firstHumanOpenAt: new Date(sentAt.getTime() + 3_600_000) })
        .where(and(eq(messages.campaignId, id), inArray(messages.id, opened)));
      const late = ofArm[ofArm.length - 1]?.id ?? '';
      await ctx.db.handle.db
        .update(messages)
        .set({ firstHumanOpenAt: new Date(sentAt.getTime() + 80 * 3_600_000) })
        .where(eq(messages.id, late));
    }
    ctx.clock.advance(Date.parse('2026-12-11T00:00:00Z') - ctx.clock.now().getTime());
    const lift = await ctx.request(`/v1/analysis/send-time-lift?listId=${listId}`, { key: key() });
    expect(lift.status, await show(lift)).toBe(200);
    const body = (await lift.json()) as {
      campaigns: {
        arms: Record<string, { recipients: number; opened: number }>;
        lift: { estimate: number };
      }[];
      pooled: { lift: { estimate: number; lower: number; upper: number }; campaigns: number };
    };
    expect(body.campaigns[0]?.arms.optimized).toMatchObject({ recipients: 60, opened: 30 });
    expect(body.campaigns[0]?.arms.holdout).toMatchObject({ recipients: 20, opened: 5 });
    expect(body.campaigns[0]?.lift.estimate).toBeCloseTo(0.25, 12);
    // One stratum: the pooled difference is the plain one, with the Wald interval.
    const se = Math.sqrt((0.5 * 0.5) / 60 + (0.25 * 0.75) / 20);
    expect(body.pooled.campaigns).toBe(1);
    expect(body.pooled.lift.estimate).toBeCloseTo(0.25, 12);
    expect(body.pooled.lift.upper - body.pooled.lift.estimate).toBeCloseTo(1.959964 * se, 5);
    const unknown = await ctx.request(
      '/v1/analysis/send-time-lift?listId=01a00000-0000-7000-8000-000000000000',
      {
        key: key(),
      },
    );
    expect(unknown.status).toBe(404);
  });

  it('refuses exploration or a holdout an `at` schedule cannot have, and a holdout on `local`', async () => {
    await setSender(ctx, ctx.a);
    const listId = await listOf(3);
    const at = await campaign(listId, { sendTime: { explorationShare: 0.2 } });
    const res = await ctx.request(`/v1/campaigns/${at}/schedule`, {
      method: 'POST',
      key: key(),
      json: { schedule: { type: 'at', at: '2027-12-08T01:00:00Z' } },
    });
    expect(res.status, await show(res)).toBe(422);
    expect(await res.text()).toMatch(/an `at` schedule sends everyone at one instant/);
    const local = await campaign(listId, { sendTime: { holdoutShare: 0.1 } });
    const refused = await ctx.request(`/v1/campaigns/${local}/schedule`, {
      method: 'POST',
      key: key(),
      json: { schedule: { type: 'local', date: '2027-12-08', time: '10:00' } },
    });
    expect(refused.status, await show(refused)).toBe(422);
    const tooMuch = await ctx.request('/v1/campaigns', {
      method: 'POST',
      key: key(),
      json: campaignBody(listId, { sendTime: { explorationShare: 0.9 } }),
    });
    expect(tooMuch.status, await show(tooMuch)).toBe(400);
  });
});
