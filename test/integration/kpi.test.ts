import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { conversions, messages } from '../../src/db/schema/index.js';
import { route as recordConversions } from '../../src/routes/conversions/record.js';
import { route as kpiFunnel } from '../../src/routes/kpi/funnel.js';
import { route as kpiPlan } from '../../src/routes/kpi/plan.js';
import { runDueWork } from '../../src/services/due-work.js';
import { receivedHit } from '../../src/services/tracking/hit.js';
import { storeHits } from '../../src/services/tracking/record-hits.js';
import { bodyOf } from '../helpers/bodies.js';
import { personOpens, scheduledCampaign } from '../helpers/sending.js';
import { BACKENDS, show, useTestContext } from '../helpers/test-app.js';

const DAY = 86_400_000;
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15';

describe.each(BACKENDS)('conversions and KPIs on %s', (backend) => {
  const ctx = useTestContext(backend);
  let campaignId = '';
  let contactIds: string[] = [];
  let openedAt = new Date();

  const post = async (rows: unknown[], key?: string) => {
    const res = await ctx.request('/v1/conversions', {
      method: 'POST',
      key: key ?? (await ctx.keyFor(ctx.a, 'marketer')),
      json: { conversions: rows },
    });
    return { status: res.status, body: await bodyOf(res, recordConversions) };
  };

  beforeAll(async () => {
    // 80 leads, half inbound; every one opens (a person) the day the campaign goes out.
    const made = await scheduledCampaign(ctx, ctx.a, 80, 'kpi', { variants: [{ subject: 'News' }] }, (i) => ({
      leadSource: i < 40 ? 'inbound' : 'outbound',
    }));
    campaignId = made.campaignId;
    contactIds = [...made.contactIds.values()];
    ctx.clock.advance(2 * 60_000);
    await runDueWork({ deps: ctx.deps, now: ctx.clock.now() });
    const sent = await ctx.db.handle.db.select().from(messages).where(eq(messages.campaignId, campaignId));
    openedAt = new Date(ctx.clock.now().getTime() + 3_600_000);
    await personOpens(
      ctx,
      sent.map((m) => m.id),
      openedAt,
    );
  });

  it('credits the latest campaign a person engaged with inside the window, edges included', async () => {
    const at = (ms: number) => new Date(openedAt.getTime() + ms).toISOString();
    const { status, body } = await post([
      { type: 'meeting', contactId: contactIds[0], occurredAt: at(30 * DAY) },
      { type: 'meeting', contactId: contactIds[1], occurredAt: at(30 * DAY + 1000) },
      { type: 'meeting', contactId: contactIds[2], occurredAt: at(-1000) },
      { type: 'meeting', email: 'KPI-3@example.com', occurredAt: at(DAY) },
      { type: 'meeting', email: 'nobody@example.com', occurredAt: at(DAY) },
      { type: 'meeting', contactId: contactIds[4], occurredAt: at(DAY), amount: 5 },
    ]);
    expect(status).toBe(200);
    expect(body).toMatchObject({ created: 4, updated: 0, attributed: 2 });
    expect(body.errors.map((e) => e.index)).toEqual([4, 5]);
    const stored = await ctx.db.handle.db
      .select()
      .from(conversions)
      .where(eq(conversions.workspaceId, ctx.a.workspaceId));
    const credited = (i: number) => stored.find((c) => c.contactId === contactIds[i])?.campaignId ?? null;
    expect([credited(0), credited(1), credited(2), credited(3)]).toEqual([
      campaignId,
      null,
      null,
      campaignId,
    ]);
  });

  it('a click after the meeting does not hide the open before it', async () => {
    const [message] = await ctx.db.handle.db
      .select()
      .from(messages)
      .where(eq(messages.contactId, contactIds[5] ?? ''));
    await storeHits({
      deps: ctx.deps,
      hits: [
        receivedHit({
          workspaceId: ctx.a.workspaceId,
          messageId: message?.id ?? '',
          kind: 'click',
          link: 0,
          at: new Date(openedAt.getTime() + 40 * DAY),
          ip: '198.51.100.2',
          userAgent: IPHONE,
        }),
      ],
    });
    const at = new Date(openedAt.getTime() + 10 * DAY).toISOString();
    const { body } = await post([{ type: 'meeting', contactId: contactIds[5], occurredAt: at }]);
    expect(body).toMatchObject({ created: 1, attributed: 1 });
  });

  it('a repeated CRM id updates, never duplicates; repeats within a request keep the last', async () => {
    const won = (amount: number) => ({
      type: 'won',
      contactId: contactIds[0],
      occurredAt: new Date(openedAt.getTime() + 2 * DAY).toISOString(),
      amount,
      externalId: 'crm-deal-1',
    });
    expect((await post([won(1000)])).body).toMatchObject({ created: 1, updated: 0 });
    expect((await post([won(1500)])).body).toMatchObject({ created: 0, updated: 1 });
    const twice = await post([won(1700), won(1800)]);
    expect(twice.body).toMatchObject({ created: 0, updated: 1, errors: [{ index: 0, path: 'externalId' }] });
    const rows = (await ctx.db.handle.db.select().from(conversions)).filter(
      (c) => c.externalId === 'crm-deal-1',
    );
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]?.amount)).toBe(1800);
    expect((await post([won(1)], await ctx.keyFor(ctx.a, 'analyst'))).status).toBe(403);
  });

  it('a conversion for an unknown contact names the field the row used', async () => {
    const at = new Date(openedAt.getTime() + DAY).toISOString();
    const unknown = await post([
      { type: 'meeting', email: 'nobody@example.com', occurredAt: at },
      { type: 'meeting', contactId: '0193b7c2-5f1e-7a3d-9c41-2b8e6f0d4a17', occurredAt: at },
    ]);
    expect(unknown.body.errors).toEqual([
      { index: 0, path: 'email', reason: 'no contact with this email address in this workspace' },
      { index: 1, path: 'contactId', reason: 'no contact with this id in this workspace' },
    ]);
  });

  it('the funnel by lead source: messages, then contacts', async () => {
    const res = await ctx.request('/v1/kpi/funnel?dimension=leadSource', {
      key: await ctx.keyFor(ctx.a, 'analyst'),
    });
    expect(res.status, await show(res)).toBe(200);
    const { rows } = await bodyOf(res, kpiFunnel);
    const inbound = rows.find((r) => r.key.leadSource === 'inbound');
    expect(inbound).toMatchObject({ delivered: 40, humanOpens: 40, meetings: 5, won: 1 });
    expect(inbound?.rates.open.rate).toBe(1);
  });

  it('plans a month backwards: history weighed with the default or 10%, as a range, with the chance of reaching it', async () => {
    const analyst = await ctx.keyFor(ctx.a, 'analyst');
    const put = await ctx.request('/v1/kpi/targets/2026-11', {
      method: 'PUT',
      key: analyst,
      json: { wonTarget: 10 },
    });
    expect(put.status, await show(put)).toBe(200);
    const fresh = await bodyOf(await ctx.request('/v1/kpi/plan?month=2026-11', { key: analyst }), kpiPlan);
    // Thursday 26 November (UTC, the workspace's zone): 19 of the month's 21 business days.
    expect(fresh.pace).toMatchObject({ businessDays: 21, elapsed: 19 });
    expect(
      fresh.sources.map((s) => [
        s.leadSource,
        s.wonTarget,
        s.winRate.prior.basis,
        s.winRate.historyWeight,
        s.meetingsNeeded,
        s.engagedLeadsNeeded,
      ]),
    ).toEqual([
      ['inbound', 5, 'assumed', 0, 50, 500],
      ['outbound', 5, 'assumed', 0, 50, 500],
    ]);
    // With no history the range is wide, and it holds the planned figure.
    const range = fresh.sources[0]?.range.engagedLeadsNeeded;
    expect(range?.low).toBeLessThan(500);
    expect(range?.high).toBeGreaterThan(1000);
    expect(fresh.split).toMatchObject({ basis: 'even', wonInHistory: { inbound: 0, outbound: 0 } });
    // A handful won in 19 business days, the rest of 10 to go in 2: out of reach.
    expect(fresh.total.won).toBeLessThan(4);
    expect(fresh.total.reach).toMatchObject({ needed: 10 - fresh.total.won, businessDaysLeft: 2 });
    expect(fresh.total.reach.probability).toBeLessThan(0.01);

    // History: inbound 35 meetings and 14 won, outbound 10 meetings and 2 won, in November.
    const rows = [
      ...contactIds
        .slice(0, 35)
        .map((id) => ({ type: 'meeting', contactId: id, occurredAt: openedAt.toISOString() })),
      ...contactIds
        .slice(0, 14)
        .map((id) => ({ type: 'won', contactId: id, occurredAt: openedAt.toISOString() })),
      ...contactIds
        .slice(40, 50)
        .map((id) => ({ type: 'meeting', contactId: id, occurredAt: openedAt.toISOString() })),
      ...contactIds
        .slice(40, 42)
        .map((id) => ({ type: 'won', contactId: id, occurredAt: openedAt.toISOString() })),
    ];
    expect((await post(rows)).status).toBe(200);
    await ctx.request('/v1/kpi/targets/2026-12', {
      method: 'PUT',
      key: analyst,
      json: { wonTarget: 16, defaultWinRate: 0.25 },
    });
    const planned = await bodyOf(await ctx.request('/v1/kpi/plan?month=2026-12', { key: analyst }), kpiPlan);
    const [inbound, outbound] = planned.sources;
    expect(inbound).toMatchObject({
      wonTarget: 14,
      winRate: { prior: { rate: 0.25, basis: 'default', strength: 20 } },
      meetingRate: { prior: { rate: 0.1, basis: 'assumed' } },
    });
    // Distinct contacts: the earlier meetings and win were among the same inbound leads. 14 of 35 against the
    // default 25% worth 20; 35 meetings of the 40 inbound leads who opened, against 10%.
    expect(inbound?.winRate.rate).toBeCloseTo(19 / 55, 12);
    expect(inbound?.meetingRate.rate).toBeCloseTo(37 / 60, 12);
    // Outbound: 2 of 10 against the month's default 25%.
    expect(outbound).toMatchObject({ wonTarget: 2, winRate: { prior: { rate: 0.25, basis: 'default' } } });
    expect(outbound?.winRate.rate).toBeCloseTo(7 / 30, 12);
    expect(outbound?.meetingsNeeded).toBe(9);
    expect(planned.split).toMatchObject({ basis: 'history', wonInHistory: { inbound: 14, outbound: 2 } });
    expect(planned.notes).toContain(
      'The won target of 16 is split by the last 3 months’ won deals: inbound 14, outbound 2.',
    );
    expect(planned.total.wonTarget).toBe(16);

    // The prior's strength is the workspace's: stronger, and the same history moves the rate less.
    const patched = await ctx.request('/v1/workspace', {
      method: 'PATCH',
      key: ctx.a.adminKey,
      json: { kpiPriorStrength: 80 },
    });
    expect(patched.status, await show(patched)).toBe(200);
    const stronger = await bodyOf(await ctx.request('/v1/kpi/plan?month=2026-12', { key: analyst }), kpiPlan);
    expect(stronger.sources[0]?.winRate.rate).toBeCloseTo((20 + 14) / 115, 12);
    await ctx.request('/v1/workspace', {
      method: 'PATCH',
      key: ctx.a.adminKey,
      json: { kpiPriorStrength: 20 },
    });

    // The reasons and notes follow Accept-Language; the evidence behind them is there as numbers too.
    const ja = await bodyOf(
      await ctx.request('/v1/kpi/plan?month=2026-12', { key: analyst, headers: { 'Accept-Language': 'ja' } }),
      kpiPlan,
    );
    expect(ja.sources[0]?.winRate).toMatchObject({
      history: { successes: 14, trials: 35, months: 3 },
      historyWeight: 35 / 55,
    });
    expect(ja.sources[0]?.winRate.reason).toMatch(
      /^過去3か月で商談 35 件中 受注 14 件。今月の既定値 25%（商談 20 件分）と合わせて 34.5%/,
    );
    const bad = await ctx.request('/v1/kpi/plan?month=2026-13', { key: analyst });
    expect(bad.status).toBe(400);
  });
});
