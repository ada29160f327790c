import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { buildDemo } from '../../src/demo/build-demo.js';
import { demoMailer, PLANTED, SimulatedClock } from '../../src/demo/scenario.js';
import { route as recommendations } from '../../src/routes/analysis/recommendations.js';
import { route as campaignReport } from '../../src/routes/campaigns/report.js';
import { route as kpiFunnel } from '../../src/routes/kpi/funnel.js';
import { route as kpiPlan } from '../../src/routes/kpi/plan.js';
import { route as getWorkspace } from '../../src/routes/workspace/get.js';
import { bodyOf } from '../helpers/bodies.js';
import { show, useTestContext } from '../helpers/test-app.js';

describe('the demo workspace, analysed by Kaifu’s own endpoints (postgres)', () => {
  const ctx = useTestContext('postgres');

  it('shows the planted effects: the best local slot, the question, inbound converting better, ~40% machine opens', async () => {
    // A fixed day: the seed then draws the same six months on every run (the effects are planted, not
    // guaranteed at 600 leads, so what the test sees must not depend on the day it runs).
    ctx.clock.advance(Date.parse('2026-12-07T12:00:00Z') - ctx.clock.now().getTime());
    const clock = new SimulatedClock(ctx.clock.now());
    const deps = ctx.makeDeps({ clock, mailer: demoMailer });
    const demo = await buildDemo({
      deps,
      clock,
      options: {
        contacts: 600,
        campaigns: 12,
        endAt: ctx.clock.now(),
        seed: 'demo-test',
      },
    });
    // Dead addresses bounce once and unsubscribed leads leave: later campaigns skip both.
    expect(demo.messages).toBeLessThan(600 * 12);
    expect(demo.messages).toBeGreaterThan(600 * 12 * 0.9);
    const [outcomes] = await queryRows<{
      bounced: number;
      unsubscribed: number;
      delivered: number;
      sent: number;
      bot_clicks: number;
    }>(
      ctx.db.handle.db,
      sql`select
            (select count(*) from contacts where workspace_id = ${demo.workspaceId} and status = 'bounced')::int as bounced,
            (select count(*) from contacts where workspace_id = ${demo.workspaceId} and status = 'unsubscribed')::int as unsubscribed,
            (select count(*) from messages where workspace_id = ${demo.workspaceId} and delivery_status = 'delivered')::int as delivered,
            (select count(*) from messages where workspace_id = ${demo.workspaceId} and status = 'sent')::int as sent,
            (select count(*) from events where workspace_id = ${demo.workspaceId} and type = 'click' and classification = 'bot')::int as bot_clicks`,
    );
    expect(outcomes?.bounced).toBeGreaterThan(0);
    expect(outcomes?.unsubscribed).toBeGreaterThan(0);
    expect(outcomes?.bot_clicks).toBeGreaterThan(0);
    expect(outcomes?.delivered).toBeLessThan(outcomes?.sent ?? 0);
    const get = async (path: string) => {
      const res = await ctx.request(path, { key: demo.adminKey });
      expect(res.status, await show(res)).toBe(200);
      return res;
    };

    const recs = await bodyOf(await get(`/v1/recommendations?listId=${demo.listId}`), recommendations);
    expect(recs.slots.status).toBe('established');
    expect(recs.slots.best[0]).toMatchObject({
      weekday: PLANTED.bestSlot.weekday,
      hour: PLANTED.bestSlot.hour,
      significant: true,
    });
    expect(recs.subjectFeatures.filter((f) => f.significant).map((f) => f.name)).toEqual(['question']);
    expect(recs.subjectFeatures.find((f) => f.name === 'question')?.effect).toBeGreaterThan(0.02);

    const funnel = await bodyOf(await get('/v1/kpi/funnel?dimension=leadSource'), kpiFunnel);
    const meetingRate = (source: string) =>
      funnel.rows.find((r) => r.key.leadSource === source)?.rates.meeting.rate ?? 0;
    expect(meetingRate('inbound')).toBeGreaterThan(meetingRate('outbound'));

    const [machine] = await queryRows<{ share: number }>(
      ctx.db.handle.db,
      sql`select (select count(distinct message_id) from events
                  where workspace_id = ${demo.workspaceId} and type = 'open' and classification = 'machine')::float
                 / (select count(*) from messages where workspace_id = ${demo.workspaceId}) as share`,
    );
    expect(machine?.share).toBeGreaterThan(0.35);
    expect(machine?.share).toBeLessThan(0.45);

    const plan = await bodyOf(
      await get(`/v1/kpi/plan?month=${ctx.clock.now().toISOString().slice(0, 7)}`),
      kpiPlan,
    );
    expect(plan.targets?.wonTarget).toBe(12);
    expect(plan.sources).toHaveLength(2);

    // The newest campaign ran an automatic A/B test: decided by runDueWork, the remainder sent to the winner.
    const report = await bodyOf(await get(`/v1/campaigns/${demo.abTestCampaignId}/report`), campaignReport);
    expect(report.decision?.reason).toMatch(/^(winner|fallback_)/);
    expect(report.srm?.mismatch).toBe(false);
    const winner = report.variants.find((v) => v.variantId === report.decision?.winnerVariantId);
    const loser = report.variants.find((v) => v.variantId !== report.decision?.winnerVariantId);
    expect(winner?.sends).toBeGreaterThan((loser?.sends ?? 0) * 2);

    // What the demo server sends goes to the outbox: the workspace keeps no (fake) SendGrid key.
    const workspace = await bodyOf(await get('/v1/workspace'), getWorkspace);
    expect(workspace.sendgrid.configured).toBe(false);
  }, 180_000);
});
