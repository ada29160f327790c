import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { messages } from '../../src/db/schema/index.js';
import { createCounters } from '../../src/lib/counters.js';
import { runDueWork } from '../../src/services/due-work.js';
import { ingestProviderEvents } from '../../src/services/sendgrid/ingest-provider-events.js';
import { storeHits } from '../../src/services/tracking/record-hits.js';
import { type FakeSendgrid, startFakeSendgrid } from '../helpers/fake-sendgrid.js';
import { openHit } from '../helpers/hits.js';
import { sgEvent } from '../helpers/sendgrid-webhook.js';
import { scheduledCampaign, setSendgridKey, withFake } from '../helpers/sending.js';
import { TEST_METRICS_TOKEN, useTestContext } from '../helpers/test-app.js';

/** What a Node process counts for Prometheus: its own work since it started, beside the database's gauges. */
describe('process counters on /metrics (postgres)', () => {
  const ctx = useTestContext('postgres');
  let fake: FakeSendgrid;
  beforeAll(async () => {
    fake = await startFakeSendgrid();
  });
  afterAll(() => fake.close());

  it('counts messages sent, hits stored, webhook events by type and requests by route, with durations', async () => {
    const counters = createCounters();
    const deps = { ...withFake(ctx, fake), counters };
    const app = createApp(deps);
    const scrape = async () =>
      (await app.request('/metrics', { headers: { Authorization: `Bearer ${TEST_METRICS_TOKEN}` } })).text();
    const value = (text: string, series: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(`${series} `))
          ?.split(' ')[1] ?? Number.NaN,
      );

    const fresh = await scrape();
    expect(value(fresh, 'kaifu_messages_sent_total')).toBe(0);
    expect(value(fresh, 'kaifu_hits_stored_total')).toBe(0);
    expect(fresh).toMatch(/^# TYPE kaifu_http_request_duration_seconds histogram$/m);

    await setSendgridKey(ctx, ctx.a);
    const { campaignId } = await scheduledCampaign(ctx, ctx.a, 3, 'counted');
    ctx.clock.advance(120_000);
    await runDueWork({ deps, now: ctx.clock.now() });
    const sent = await ctx.db.handle.db.select().from(messages).where(eq(messages.campaignId, campaignId));
    expect(sent.every((m) => m.status === 'sent')).toBe(true);
    const [first, second] = sent as [(typeof sent)[0], (typeof sent)[0]];
    // Workspace B has no SendGrid key: its mail goes to the outbox, which is no send.
    const { campaignId: outboxed } = await scheduledCampaign(ctx, ctx.b, 2, 'outboxed');
    ctx.clock.advance(120_000);
    await runDueWork({ deps, now: ctx.clock.now() });
    const kept = await ctx.db.handle.db.select().from(messages).where(eq(messages.campaignId, outboxed));
    expect(kept).toHaveLength(2);

    await storeHits({ deps, hits: [openHit(ctx.a.workspaceId, first.id, ctx.clock.now())] });
    // The same hit again is no new row: the counter says what was stored, not what arrived.
    const again = openHit(ctx.a.workspaceId, second.id, ctx.clock.now());
    await storeHits({ deps, hits: [again] });
    await storeHits({ deps, hits: [again] });
    await ingestProviderEvents({
      deps,
      workspaceId: ctx.a.workspaceId,
      batch: [
        sgEvent('delivered', first.id, ctx.clock.now()),
        sgEvent('delivered', second.id, ctx.clock.now()),
        sgEvent('open', first.id, ctx.clock.now()),
        { event: 'made_up', sg_event_id: 'x-1', timestamp: 1 },
      ],
    });
    for (let i = 0; i < 3; i++) await app.request('/healthz');
    const read = await app.request(`/v1/campaigns/${campaignId}`, {
      headers: { Authorization: `Bearer ${ctx.a.adminKey}` },
    });
    expect(read.status).toBe(200);

    const text = await scrape();
    expect(value(text, 'kaifu_messages_sent_total')).toBe(3);
    expect(value(text, 'kaifu_hits_stored_total')).toBe(2);
    expect(value(text, 'kaifu_webhook_events_total{type="delivered"}')).toBe(2);
    expect(value(text, 'kaifu_webhook_events_total{type="open"}')).toBe(1);
    expect(value(text, 'kaifu_webhook_events_total{type="other"}')).toBe(1);
    expect(value(text, 'kaifu_http_requests_total{route="/healthz",status="200"}')).toBe(3);
    // Route patterns, never raw paths (ids, tokens); the scrape itself is counted under /metrics.
    expect(value(text, 'kaifu_http_requests_total{route="/v1/campaigns/:id",status="200"}')).toBe(1);
    expect(text).not.toContain(campaignId);
    expect(value(text, 'kaifu_http_requests_total{route="/metrics",status="200"}')).toBe(1);
    expect(value(text, 'kaifu_http_request_duration_seconds_count{route="/healthz"}')).toBe(3);
    expect(value(text, 'kaifu_http_request_duration_seconds_bucket{route="/healthz",le="+Inf"}')).toBe(3);
    const buckets = text
      .split('\n')
      .filter((l) => l.startsWith('kaifu_http_request_duration_seconds_bucket{route="/healthz"'));
    const counts = buckets.map((l) => Number(l.split(' ')[1]));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });
});
