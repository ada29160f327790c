import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/db/schema/index.js';
import { route as openRates } from '../../src/routes/analysis/open-rates.js';
import { route as campaignReport } from '../../src/routes/campaigns/report.js';
import { runDueWork } from '../../src/services/due-work.js';
import { replaceAppleRanges } from '../../src/services/tracking/apple-ranges.js';
import { bodyOf } from '../helpers/bodies.js';
import { type FakeSendgrid, startFakeSendgrid } from '../helpers/fake-sendgrid.js';
import { sgEvent, signBatch, webhookKeyPair } from '../helpers/sendgrid-webhook.js';
import { scheduledCampaign, setSendgridKey, withFake } from '../helpers/sending.js';
import { BACKENDS, show, useTestContext } from '../helpers/test-app.js';

// The send goes out at 09:02 UTC on Thursday 26 November: 18:02 Thursday in Tokyo, 01:02 Thursday in Los
// Angeles, and 23:02 Wednesday in Honolulu — the other side of midnight.
const ZONES = ['Asia/Tokyo', 'America/Los_Angeles', 'Pacific/Honolulu'];
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15';

describe.each(BACKENDS)('campaign report and open rates on %s', (backend) => {
  const ctx = useTestContext(backend);
  const keys = webhookKeyPair();
  let fake: FakeSendgrid;
  let campaignId = '';
  const urls = new Map<string, Record<string, string>>(); // message id → its substitutions

  beforeAll(async () => {
    fake = await startFakeSendgrid();
    await setSendgridKey(ctx, ctx.a, [keys.publicKey]);
    ({ campaignId } = await scheduledCampaign(
      ctx,
      ctx.a,
      9,
      'report',
      {
        html: '<p>Hi</p><a href="https://acme.example/a">A</a> <a href="https://acme.example/b">B</a>',
        variants: [
          { subject: '【ご案内】{{name}}様、11月のセミナーはいかがですか？' },
          { subject: 'November update' },
        ],
      },
      (i) => ({ timezone: ZONES[i % 3], leadSource: i % 2 ? 'inbound' : 'outbound' }),
    ));
    ctx.clock.advance(2 * 60_000);
    await runDueWork({ deps: withFake(ctx, fake), now: ctx.clock.now() });
    for (const request of fake.requests) {
      for (const p of request.body.personalizations) {
        urls.set(p.custom_args?.kaifu_message_id ?? '', p.substitutions ?? {});
      }
    }
    expect(urls.size).toBe(9);
    await replaceAppleRanges({ db: ctx.db.handle.db, ranges: ['17.58.0.0/16'], now: ctx.clock.now() });
  });
  afterAll(() => fake.close());

  const webhook = async (events: Record<string, unknown>[]) => {
    const body = JSON.stringify(events);
    const res = await ctx.request(`/webhooks/sendgrid/${ctx.a.workspaceId}`, {
      method: 'POST',
      headers: signBatch(keys.privateKey, body, Math.floor(ctx.clock.now().getTime() / 1000)),
      body,
    });
    expect(res.status, await show(res)).toBe(200);
  };
  const get = (url: string, agent: string, ip = '198.51.100.4') =>
    ctx.request(new URL(url).pathname, { headers: { 'User-Agent': agent, 'X-Forwarded-For': ip } });

  it('counts messages by DESIGN.md’s rule through dispatch, pixel, redirect and the signed webhook', async () => {
    const ids = [...urls.keys()];
    const [m0, m1, m2, m3, m4] = ids as [string, string, string, string, string];
    const open = (id: string) => urls.get(id)?.['{{kf_open}}'] ?? '';
    const link = (id: string, n: number) => urls.get(id)?.[`{{kf_c${n}}}`] ?? '';
    const deliveredAt = ctx.clock.now();
    await webhook(ids.map((id) => sgEvent('delivered', id, deliveredAt)));
    ctx.clock.advance(3_000);
    // m3: a link scanner follows both links seconds after delivery.
    await get(link(m3, 0), IPHONE);
    await get(link(m3, 1), IPHONE);
    ctx.clock.advance(3_600_000);
    // m0: a person opens (our pixel), SendGrid's pixel sees the same open: one human open.
    await get(open(m0), IPHONE);
    await webhook([sgEvent('open', m0, ctx.clock.now(), { sg_machine_open: false })]);
    // m1: Apple Mail Privacy Protection fetches the pixel: opened by a machine only.
    await get(open(m1), 'Mozilla/5.0', '17.58.9.9');
    // m2: a person clicks with images off: a human click proves a human open.
    await get(link(m2, 1), IPHONE);
    // m4: only SendGrid's machine-open flag.
    await webhook([sgEvent('open', m4, ctx.clock.now(), { sg_machine_open: true })]);

    const res = await ctx.request(`/v1/campaigns/${campaignId}/report`, {
      key: await ctx.keyFor(ctx.a, 'analyst'),
    });
    expect(res.status, await show(res)).toBe(200);
    const report = await bodyOf(res, campaignReport);
    expect(report.denominator).toBe('delivered');
    const total = (k: keyof (typeof report.variants)[number]) =>
      report.variants.reduce((sum, v) => sum + Number(v[k]), 0);
    expect(
      (
        [
          'sends',
          'delivered',
          'opens',
          'humanOpens',
          'machineOpens',
          'clicks',
          'humanClicks',
          'botClicks',
        ] as const
      ).map(total),
    ).toEqual([9, 9, 4, 2, 2, 2, 1, 1]);
    expect(report.variants.map((v) => v.label)).toEqual(['A', 'B']);
    expect(report.variants[0]).toMatchObject({
      probabilityToBeBest: expect.any(Number),
      rates: { humanOpens: { rate: expect.any(Number), ci: { lower: expect.any(Number) } } },
    });
    expect(report.srm?.mismatch).toBe(false);
    expect(report.decision).toBeNull();

    const reader = await ctx.request(`/v1/campaigns/${campaignId}/report`, {
      key: await ctx.keyFor(ctx.a, 'reader'),
    });
    expect(reader.status).toBe(403);
    const other = await ctx.request(`/v1/campaigns/${campaignId}/report`, { key: ctx.b.adminKey });
    expect(other.status).toBe(404);
  });

  it('open rates by the recipient’s own weekday and hour, on both sides of midnight; CSV on request', async () => {
    const analyst = await ctx.keyFor(ctx.a, 'analyst');
    const res = await ctx.request('/v1/analysis/open-rates?dimension=weekdayHour', { key: analyst });
    expect(res.status, await show(res)).toBe(200);
    const body = await bodyOf(res, openRates);
    expect(body.denominator).toBe('delivered');
    expect(body.cells.map((c) => [c.key, c.sends])).toEqual([
      [{ weekday: 3, hour: 23 }, 3],
      [{ weekday: 4, hour: 1 }, 3],
      [{ weekday: 4, hour: 18 }, 3],
    ]);
    const byLead = await bodyOf(
      await ctx.request('/v1/analysis/open-rates?dimension=leadSource&metric=all_opens', { key: analyst }),
      openRates,
    );
    expect(byLead.cells.map((c) => [c.key.leadSource, c.sends])).toEqual([
      ['inbound', 4],
      ['outbound', 5],
    ]);
    const csv = await ctx.request('/v1/analysis/open-rates?dimension=hour', {
      key: analyst,
      headers: { Accept: 'text/csv' },
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'key.hour,sends,delivered,opens,humanOpens,machineOpens,clicks,humanClicks,rate,denominator,ci.lower,ci.upper,shrunkRate,metric',
    );
    expect(lines).toHaveLength(4);
    const features = await bodyOf(
      await ctx.request('/v1/analysis/open-rates?dimension=subjectFeature', { key: analyst }),
      openRates,
    );
    const sendsWith = (feature: string, present: boolean) =>
      features.cells.find((c) => c.key.feature === feature && c.key.present === present)?.sends;
    expect([sendsWith('question', true), sendsWith('question', false)]).toEqual([
      expect.any(Number),
      expect.any(Number),
    ]);
    expect((sendsWith('brackets', true) ?? 0) + (sendsWith('brackets', false) ?? 0)).toBe(9);
    expect(sendsWith('brackets', true)).toBe(sendsWith('personalized', true));
    expect(features.features).toHaveLength(6);
    const bands = features.cells.filter((c) => 'lengthBand' in c.key);
    expect(bands.map((c) => c.key)).toEqual(
      ['short', 'medium', 'long', 'veryLong'].map((lengthBand) => ({ lengthBand })),
    );
    expect(bands.reduce((sum, c) => sum + c.sends, 0)).toBe(9);
    const bad = await ctx.request('/v1/analysis/open-rates?dimension=month', { key: analyst });
    expect(bad.status).toBe(400);
    const backwards = await ctx.request(
      '/v1/analysis/open-rates?dimension=hour&from=2026-12-01&to=2026-11-01',
      {
        key: analyst,
      },
    );
    expect(backwards.status).toBe(400);
  });

  it('rollups reflect a new open at once: the same transaction as the hit', async () => {
    const analyst = await ctx.keyFor(ctx.a, 'analyst');
    const humanOpens = async () =>
      (
        await bodyOf(
          await ctx.request(`/v1/campaigns/${campaignId}/report`, { key: analyst }),
          campaignReport,
        )
      ).variants.reduce((s, v) => s + v.humanOpens, 0);
    const before = await humanOpens();
    const [, , , , , m5] = [...urls.keys()];
    const [row] = await ctx.db.handle.db
      .select()
      .from(messages)
      .where(eq(messages.id, m5 ?? ''));
    expect(row?.firstOpenAt).toBeNull();
    ctx.clock.advance(60_000);
    await get(urls.get(m5 ?? '')?.['{{kf_open}}'] ?? '', IPHONE);
    expect(await humanOpens()).toBe(before + 1);
  });
});
