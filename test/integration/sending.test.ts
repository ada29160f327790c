import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaces } from '../../src/db/schema/index.js';
import type { Mailer } from '../../src/mail/mailer.js';
import { createSendgridMailer } from '../../src/mail/sendgrid-mailer.js';
import { route as listAuditLog } from '../../src/routes/audit-log/list.js';
import { route as listOutbox } from '../../src/routes/campaigns/outbox.js';
import { runDueWork } from '../../src/services/due-work.js';
import { ingestProviderEvents } from '../../src/services/sendgrid/ingest-provider-events.js';
import { createTokenVerifier } from '../../src/services/tracking/tokens.js';
import { bodyOf } from '../helpers/bodies.js';
import { type FakeSendgrid, startFakeSendgrid } from '../helpers/fake-sendgrid.js';
import { sgEvent, webhookKeyPair } from '../helpers/sendgrid-webhook.js';
import { drain, scheduledCampaign, setSendgridKey, statusCounts, withFake } from '../helpers/sending.js';
import { BACKENDS, scrape, show, useTestContext } from '../helpers/test-app.js';

describe.each(BACKENDS)('sending through SendGrid on %s', (backend) => {
  const ctx = useTestContext(backend, { rateLimitPerMinute: 1_000_000 });
  let fake: FakeSendgrid;
  beforeAll(async () => {
    fake = await startFakeSendgrid();
    await setSendgridKey(ctx, ctx.a);
  });
  afterAll(() => fake.close());

  it('sends one request per ≤1,000 recipients of one variant, each with its own signed links and headers', async () => {
    const { campaignId, variantIds } = await scheduledCampaign(ctx, ctx.a, 2100, 'batches', {
      variants: [{ subject: 'Our November update, {{name}}' }, { subject: 'What is new?' }],
      text: null, // made from the HTML
    });
    const before = fake.requests.length;
    ctx.clock.advance(2 * 60_000);
    const report = await runDueWork({ deps: withFake(ctx, fake), now: ctx.clock.now() });
    expect(report.dispatch).toMatchObject({ sent: 2100, batches: 4, failed: 0 });
    const requests = fake.requests.slice(before);
    expect(requests.map((r) => r.body.personalizations.length).sort((a, b) => a - b)).toEqual([
      50, 50, 1000, 1000,
    ]);

    const verifier = await createTokenVerifier([ctx.deps.config.secret]);
    const seenUrls = new Set<string>();
    for (const request of requests) {
      expect(request.authorization).toBe('Bearer SG.test-key-0123456789');
      const variantsInRequest = new Set(
        request.body.personalizations.map((p) => p.custom_args?.kaifu_variant_id),
      );
      expect(variantsInRequest.size).toBe(1);
      expect(variantIds).toContain([...variantsInRequest][0]);
      expect(request.body.tracking_settings).toEqual({
        click_tracking: { enable: false, enable_text: false },
        subscription_tracking: { enable: false },
        open_tracking: { enable: true },
      });
      const html = request.body.content.find((c) => c.type === 'text/html')?.value ?? '';
      const text = request.body.content.find((c) => c.type === 'text/plain')?.value ?? '';
      expect(html).toContain('href="{{kf_c0}}"');
      expect(html).not.toContain('https://acme.example/offer');
      expect(html).toContain('<img src="{{kf_open}}"');
      expect(html).toMatch(/<a href="\{\{kf_hp\}\}" aria-hidden="true" tabindex="-1"/);
      expect(html).toContain('Acme 営業部');
      expect(html).toContain('東京都千代田区丸の内1-1-1');
      expect(html).toContain('<a href="{{kf_unsub}}">配信停止 / Unsubscribe</a>');
      expect(text).toContain('配信停止 / Unsubscribe: {{kf_unsub}}');
      expect(text).toContain('Hello {{kf_t0}}\nOffer <{{kf_c0}}>'); // the text part's link, tracked too
      for (const p of request.body.personalizations) {
        const subs = p.substitutions ?? {};
        const args = p.custom_args ?? {};
        expect(Object.keys(args).sort()).toEqual([
          'kaifu_campaign_id',
          'kaifu_message_id',
          'kaifu_variant_id',
        ]);
        expect(JSON.stringify(args)).not.toMatch(/@|Lead|Company/);
        expect(args.kaifu_campaign_id).toBe(campaignId);
        expect(p.headers).toEqual({
          'List-Unsubscribe': `<${subs['{{kf_unsub}}']}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        });
        for (const key of ['{{kf_open}}', '{{kf_c0}}', '{{kf_unsub}}', '{{kf_hp}}']) {
          const url = subs[key] ?? '';
          expect(seenUrls.has(url), `${key} repeated`).toBe(false);
          seenUrls.add(url);
          const token = url.split('/').pop() ?? '';
          const claims = await verifier.verify(token);
          expect(claims?.messageId).toBe(args.kaifu_message_id);
          expect(claims?.workspaceId).toBe(ctx.a.workspaceId);
        }
      }
    }
    const tom = requests
      .flatMap((r) => r.body.personalizations)
      .find((p) => p.to[0]?.email === 'batches-0@example.com');
    expect(tom?.substitutions?.['{{kf_h0}}']).toBe('Tom &#60;b&#62;&#38;&#60;/b&#62; &#34;Jerry&#34;');
    expect(tom?.substitutions?.['{{kf_t0}}']).toBe('Tom <b>&</b> "Jerry"');

    const { counts, rows } = await statusCounts(ctx, campaignId);
    expect(counts).toEqual({ sent: 2100 });
    const sentAt = ctx.clock.now();
    for (const row of rows) {
      expect(row.sentAt?.toISOString()).toBe(sentAt.toISOString());
      expect(row.providerMessageId).toMatch(/^fake-\d+$/);
    }
    // 2026-11-26T09:03Z is Thursday 18:03 in Tokyo.
    expect(rows[0]).toMatchObject({ localWeekday: 4, localHour: 18 });
    await runDueWork({ deps: withFake(ctx, fake), now: ctx.clock.now() });
    const shown = await (await ctx.request(`/v1/campaigns/${campaignId}`, { key: ctx.a.adminKey })).json();
    expect(shown).toMatchObject({
      status: 'sent',
      progress: { total: 2100, sent: 2100, pending: 0, estimatedCompletionAt: null },
    });
  });

  it('waits as a 429 says (Retry-After or X-RateLimit-Reset), retries 5xx with backoff, fails a 400 with its reason', async () => {
    const deps = withFake(ctx, fake);
    const { campaignId } = await scheduledCampaign(ctx, ctx.a, 3, 'errors');
    ctx.clock.advance(2 * 60_000);
    fake.inject({ status: 429, headers: { 'Retry-After': '120' } });
    await runDueWork({ deps, now: ctx.clock.now() });
    let { rows } = await statusCounts(ctx, campaignId);
    expect(
      rows.every(
        (r) => r.status === 'scheduled' && r.dueAt.getTime() === ctx.clock.now().getTime() + 120_000,
      ),
    ).toBe(true);
    const [ws] = await ctx.db.handle.db.select().from(workspaces).where(eq(workspaces.id, ctx.a.workspaceId));
    expect(ws?.sendPausedUntil?.getTime()).toBe(ctx.clock.now().getTime() + 120_000);
    ctx.clock.advance(60_000);
    expect((await runDueWork({ deps, now: ctx.clock.now() })).dispatch.batches).toBe(0); // still paused

    ctx.clock.advance(61_000);
    const reset = Math.floor(ctx.clock.now().getTime() / 1000) + 300;
    fake.inject({ status: 429, headers: { 'X-RateLimit-Reset': String(reset) } }, { status: 500 });
    await runDueWork({ deps, now: ctx.clock.now() });
    ({ rows } = await statusCounts(ctx, campaignId));
    expect(Math.abs((rows[0]?.dueAt.getTime() ?? 0) - reset * 1000)).toBeLessThan(2000);

    ctx.clock.advance(301_000);
    await runDueWork({ deps, now: ctx.clock.now() }); // the injected 500
    ({ rows } = await statusCounts(ctx, campaignId));
    expect(
      rows.every(
        (r) =>
          r.status === 'scheduled' && r.dueAt > ctx.clock.now() && /SendGrid 500/.test(r.lastError ?? ''),
      ),
    ).toBe(true);
    await drain(ctx, deps, campaignId);
    expect((await statusCounts(ctx, campaignId)).counts).toEqual({ sent: 3 });

    const bad = await scheduledCampaign(ctx, ctx.a, 2, 'rejected');
    ctx.clock.advance(2 * 60_000);
    fake.inject({
      status: 400,
      body: {
        errors: [
          { field: 'from.email', message: 'The from address does not match a verified Sender Identity' },
        ],
      },
    });
    await runDueWork({ deps, now: ctx.clock.now() });
    ({ rows } = await statusCounts(ctx, bad.campaignId));
    expect(rows.map((r) => r.status)).toEqual(['failed', 'failed']);
    expect(rows[0]?.lastError).toBe(
      'SendGrid 400: from.email The from address does not match a verified Sender Identity',
    );
  });

  it('gives up after repeated 5xx and says why', async () => {
    const deps = withFake(ctx, fake);
    const { campaignId } = await scheduledCampaign(ctx, ctx.a, 1, 'give-up');
    fake.inject(...Array.from({ length: 6 }, () => ({ status: 503 })));
    for (let i = 0; i < 12; i++) {
      ctx.clock.advance(70 * 60_000);
      await runDueWork({ deps, now: ctx.clock.now() });
    }
    const { rows } = await statusCounts(ctx, campaignId);
    expect(rows[0], JSON.stringify(rows[0])).toMatchObject({ status: 'failed', attempts: 6 });
    expect(rows[0]?.lastError).toMatch(/SendGrid 503/);
  });

  it('re-checks suppression at send time', async () => {
    const { campaignId, contactIds } = await scheduledCampaign(ctx, ctx.a, 3, 'late-unsub');
    const res = await ctx.request('/v1/suppressions', {
      method: 'POST',
      key: ctx.a.adminKey,
      json: { suppressions: [{ email: 'late-unsub-1@example.com', reason: 'unsubscribed' }] },
    });
    expect(res.status).toBe(200);
    const before = fake.requests.length;
    ctx.clock.advance(2 * 60_000);
    await runDueWork({ deps: withFake(ctx, fake), now: ctx.clock.now() });
    const { rows, counts } = await statusCounts(ctx, campaignId);
    expect(counts).toEqual({ sent: 2, suppressed: 1 });
    expect(rows.find((r) => r.contactId === contactIds.get('late-unsub-1@example.com'))?.status).toBe(
      'suppressed',
    );
    const sentTo = fake.requests
      .slice(before)
      .flatMap((r) => r.body.personalizations.map((p) => p.to[0]?.email));
    expect(sentTo).not.toContain('late-unsub-1@example.com');
  });

  it('keeps to the workspace’s send rate per minute', async () => {
    await ctx.db.handle.db
      .update(workspaces)
      .set({ sendRatePerMinute: 1500 })
      .where(eq(workspaces.id, ctx.a.workspaceId));
    const { campaignId } = await scheduledCampaign(ctx, ctx.a, 2500, 'rate');
    ctx.clock.advance(60_000 - (ctx.clock.now().getTime() % 60_000) + 60_000);
    await runDueWork({ deps: withFake(ctx, fake), now: ctx.clock.now() });
    expect((await statusCounts(ctx, campaignId)).counts).toEqual({ sent: 1500, scheduled: 1000 });
    ctx.clock.advance(60_000);
    await runDueWork({ deps: withFake(ctx, fake), now: ctx.clock.now() });
    expect((await statusCounts(ctx, campaignId)).counts).toEqual({ sent: 2500 });
    await ctx.db.handle.db
      .update(workspaces)
      .set({ sendRatePerMinute: 60_000 })
      .where(eq(workspaces.id, ctx.a.workspaceId));
  });

  it('sends every recipient in exactly one accepted request with 20% injected 429/5xx', async () => {
    const { campaignId } = await scheduledCampaign(ctx, ctx.a, 1500, 'flaky');
    // 100 a minute: batches of 100, so the 20% of failures fall on many requests.
    await ctx.db.handle.db
      .update(workspaces)
      .set({ sendRatePerMinute: 100 })
      .where(eq(workspaces.id, ctx.a.workspaceId));
    let seed = 42;
    fake.failRandomly(0.2, () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    });
    const before = fake.requests.length;
    await drain(ctx, withFake(ctx, fake), campaignId, 200);
    fake.failRandomly(0);
    await ctx.db.handle.db
      .update(workspaces)
      .set({ sendRatePerMinute: 60_000 })
      .where(eq(workspaces.id, ctx.a.workspaceId));
    const { rows, counts } = await statusCounts(ctx, campaignId);
    expect(counts).toEqual({ sent: 1500 });
    const accepted = new Map<string, number>();
    for (const r of fake.requests.slice(before).filter((x) => x.accepted)) {
      for (const p of r.body.personalizations) {
        const id = p.custom_args?.kaifu_message_id ?? '';
        accepted.set(id, (accepted.get(id) ?? 0) + 1);
      }
    }
    const made = fake.requests.slice(before);
    expect(
      made.some((r) => !r.accepted),
      `some of ${made.length} requests failed`,
    ).toBe(true);
    expect(accepted.size).toBe(1500);
    expect([...accepted.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(new Set(rows.map((r) => r.id))).toEqual(new Set(accepted.keys()));
  });

  it('two dispatchers at once over 5,000 recipients send each exactly once', async () => {
    const { campaignId } = await scheduledCampaign(ctx, ctx.a, 5000, 'twins');
    const before = fake.requests.length;
    ctx.clock.advance(2 * 60_000);
    const first = withFake(ctx, fake);
    const second = { ...withFake(ctx, fake), db: ctx.db.openSecond().db };
    const [r1, r2] = await Promise.all([
      runDueWork({ deps: first, now: ctx.clock.now() }),
      runDueWork({ deps: second, now: ctx.clock.now() }),
    ]);
    expect(r1.dispatch.sent + r2.dispatch.sent).toBe(5000);
    const ids = fake.requests
      .slice(before)
      .flatMap((r) => r.body.personalizations.map((p) => p.custom_args?.kaifu_message_id));
    expect(ids).toHaveLength(5000);
    expect(new Set(ids).size).toBe(5000);
    expect((await statusCounts(ctx, campaignId)).counts).toEqual({ sent: 5000 });
  });
});

describe.each(BACKENDS)('uncertain sends and crash recovery on %s', (backend) => {
  const ctx = useTestContext(backend, { rateLimitPerMinute: 1_000_000 });
  let fake: FakeSendgrid;
  const keys = webhookKeyPair();
  beforeAll(async () => {
    fake = await startFakeSendgrid();
  });
  afterAll(() => fake.close());

  /** A dispatcher killed mid-request: its SendGrid call never returns (the fake decides if it counted). */
  const dying = (accept: boolean): Mailer => {
    const real = createSendgridMailer({ baseUrl: fake.baseUrl, timeoutMs: 60_000 });
    return {
      send(batch, apiKey) {
        fake.inject({ hang: true, accept });
        void real.send(batch, apiKey);
        return new Promise(() => {});
      },
    };
  };

  async function killMidBatch(label: string, accept: boolean) {
    const { campaignId } = await scheduledCampaign(ctx, ctx.a, 20, label);
    ctx.clock.advance(2 * 60_000);
    void runDueWork({ deps: ctx.makeDeps({ mailer: dying(accept) }), now: ctx.clock.now() });
    for (let i = 0; i < 200 && (await statusCounts(ctx, campaignId)).counts.sending !== 20; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    for (
      let i = 0;
      i < 200 && !fake.requests.some((r) => r.body.categories?.includes(`campaign-${campaignId}`));
      i++
    ) {
      await new Promise((r) => setTimeout(r, 25));
    }
    // "Restart": a new dispatcher after the lease has run out.
    ctx.clock.advance(6 * 60_000);
    await runDueWork({ deps: withFake(ctx, fake), now: ctx.clock.now() });
    expect((await statusCounts(ctx, campaignId)).counts).toEqual({ uncertain: 20 });
    return campaignId;
  }

  it('a batch SendGrid took before the crash is settled by its events and never sent again', async () => {
    await setSendgridKey(ctx, ctx.a, [keys.publicKey]);
    const campaignId = await killMidBatch('crash-accepted', true);
    const { rows } = await statusCounts(ctx, campaignId);
    // SendGrid's processed events arrive for some messages of the batch: the request went through.
    await ingestProviderEvents({
      deps: ctx.deps,
      workspaceId: ctx.a.workspaceId,
      batch: rows.slice(0, 3).map((m) => sgEvent('processed', m.id, ctx.clock.now())),
    });
    const sendsBefore = fake.requests.length;
    ctx.clock.advance(20 * 60_000);
    await runDueWork({ deps: withFake(ctx, fake), now: ctx.clock.now() });
    expect((await statusCounts(ctx, campaignId)).counts).toEqual({ sent: 20 });
    expect(fake.requests.length).toBe(sendsBefore);
    const accepted = fake.acceptedMessageIds();
    expect(rows.every((r) => accepted.get(r.id) === 1)).toBe(true);
  });

  it('an uncertain batch is never sent again on a timer: after 24 h its campaign completes, uncertain shown', async () => {
    const campaignId = await killMidBatch('crash-lost', false);
    const sendsBefore = fake.requests.length;
    for (const hours of [1, 11, 11]) {
      ctx.clock.advance(hours * 3_600_000);
      await runDueWork({ deps: withFake(ctx, fake), now: ctx.clock.now() });
    }
    expect((await statusCounts(ctx, campaignId)).counts).toEqual({ uncertain: 20 });
    const before = await (await ctx.request(`/v1/campaigns/${campaignId}`, { key: ctx.a.adminKey })).json();
    expect(before).toMatchObject({ status: 'sending', progress: { uncertain: 20 } });
    ctx.clock.advance(2 * 3_600_000); // 25 h: past 24 h since the request
    const report = await runDueWork({ deps: withFake(ctx, fake), now: ctx.clock.now() });
    expect(report.reconcile.unsettled).toBeGreaterThanOrEqual(20);
    expect(fake.requests.length).toBe(sendsBefore);
    const after = await (await ctx.request(`/v1/campaigns/${campaignId}`, { key: ctx.a.adminKey })).json();
    expect(after).toMatchObject({ status: 'sent', progress: { uncertain: 20 } });
    const signedIn = await ctx.request('/dashboard/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: ctx.a.adminKey }).toString(),
    });
    const cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const page = await ctx.request('/dashboard/campaigns', { headers: { Cookie: cookie } });
    expect(await page.text()).toMatch(/<td class="uncertain"[^>]*>20<\/td>/);
  });

  it('the operator marks uncertain mail sent, as of its request, and the decision is audited', async () => {
    const campaignId = await killMidBatch('crash-mark', true);
    const claimedAt = (await statusCounts(ctx, campaignId)).rows[0]?.leaseUntil;
    const marked = await ctx.request(`/v1/campaigns/${campaignId}/uncertain`, {
      method: 'POST',
      key: await ctx.keyFor(ctx.a, 'marketer'),
      json: { action: 'mark_sent' },
    });
    expect(marked.status, await show(marked)).toBe(200);
    expect(await marked.json()).toEqual({ action: 'mark_sent', messages: 20 });
    const { counts, rows } = await statusCounts(ctx, campaignId);
    expect(counts).toEqual({ sent: 20 });
    expect(rows[0]?.sentAt?.toISOString()).toBe(claimedAt?.toISOString());
    expect(rows.every((r) => r.localHour !== null && r.localWeekday !== null)).toBe(true);
    const audit = await bodyOf(await ctx.request('/v1/audit-log', { key: ctx.a.adminKey }), listAuditLog);
    expect(audit.data).toContainEqual(
      expect.objectContaining({ action: 'campaign.uncertain.mark_sent', targetId: campaignId }),
    );
    // Nothing left to decide: the same call moves nothing.
    const again = await ctx.request(`/v1/campaigns/${campaignId}/uncertain`, {
      method: 'POST',
      key: ctx.a.adminKey,
      json: { action: 'drop' },
    });
    expect(await again.json()).toEqual({ action: 'drop', messages: 0 });
  });

  it('a timed-out request becomes uncertain; without a webhook it waits for the operator', async () => {
    await ctx.request('/v1/workspace/sendgrid', {
      method: 'PUT',
      key: ctx.b.adminKey,
      json: { apiKey: 'SG.b-key-0123456789' },
    });
    const { campaignId } = await scheduledCampaign(ctx, ctx.b, 4, 'timeout');
    ctx.clock.advance(2 * 60_000);
    fake.inject({ hang: true, accept: false });
    await runDueWork({ deps: withFake(ctx, fake, 300), now: ctx.clock.now() });
    expect((await statusCounts(ctx, campaignId)).counts).toEqual({ uncertain: 4 });
    ctx.clock.advance(25 * 3_600_000);
    const report = await runDueWork({ deps: withFake(ctx, fake), now: ctx.clock.now() });
    expect(report.reconcile.unsettled).toBeGreaterThanOrEqual(4);
    expect((await statusCounts(ctx, campaignId)).counts).toEqual({ uncertain: 4 });
    const metrics = await (await scrape(ctx)).text();
    expect(metrics).toMatch(/kaifu_messages\{status="uncertain"\} [1-9]/);
    const shown = await (await ctx.request(`/v1/campaigns/${campaignId}`, { key: ctx.b.adminKey })).json();
    expect(shown).toMatchObject({ status: 'sent', progress: { uncertain: 4 } });
    const asAnalyst = await ctx.request(`/v1/campaigns/${campaignId}/uncertain`, {
      method: 'POST',
      key: await ctx.keyFor(ctx.b, 'analyst'),
      json: { action: 'resend' },
    });
    expect(asAnalyst.status).toBe(403);
    const resend = await ctx.request(`/v1/campaigns/${campaignId}/uncertain`, {
      method: 'POST',
      key: ctx.b.adminKey,
      json: { action: 'resend' },
    });
    expect(await resend.json()).toEqual({ action: 'resend', messages: 4 });
    const sending = await (await ctx.request(`/v1/campaigns/${campaignId}`, { key: ctx.b.adminKey })).json();
    expect(sending).toMatchObject({ status: 'sending' });
    await runDueWork({ deps: withFake(ctx, fake), now: ctx.clock.now() });
    expect((await statusCounts(ctx, campaignId)).counts).toEqual({ sent: 4 });
    await runDueWork({ deps: withFake(ctx, fake), now: ctx.clock.now() }); // completes what the last run sent
    const done = await (await ctx.request(`/v1/campaigns/${campaignId}`, { key: ctx.b.adminKey })).json();
    expect(done).toMatchObject({ status: 'sent', progress: { uncertain: 0 } });
  });
});

describe.each(BACKENDS)('the outbox and test sends on %s', (backend) => {
  const ctx = useTestContext(backend, { rateLimitPerMinute: 1_000_000 });

  it('stores fully rendered mail when the workspace has no SendGrid key', async () => {
    const { campaignId } = await scheduledCampaign(ctx, ctx.a, 3, 'outbox');
    ctx.clock.advance(2 * 60_000);
    const report = await runDueWork({ deps: ctx.deps, now: ctx.clock.now() });
    expect(report.dispatch).toMatchObject({ outboxed: 3, sent: 0 });
    expect((await statusCounts(ctx, campaignId)).counts).toEqual({ sent: 3 });
    // Rendered mail holds live unsubscribe tokens: an analyst could unsubscribe people with them.
    const asAnalyst = await ctx.request(`/v1/campaigns/${campaignId}/outbox`, {
      key: await ctx.keyFor(ctx.a, 'analyst'),
    });
    expect(asAnalyst.status, await show(asAnalyst)).toBe(403);
    const res = await ctx.request(`/v1/campaigns/${campaignId}/outbox`, {
      key: await ctx.keyFor(ctx.a, 'marketer'),
    });
    expect(res.status, await show(res)).toBe(200);
    const { data } = await bodyOf(res, listOutbox);
    expect(data).toHaveLength(3);
    const tom = data.find((d) => d.to === 'outbox-0@example.com');
    expect(tom?.html).toContain('Hello Tom &#60;b&#62;&#38;&#60;/b&#62; &#34;Jerry&#34;');
    expect(tom?.html).toMatch(/href="http:\/\/localhost:8787\/t\/c\/[^"]+"/);
    expect(tom?.html).toMatch(/<img src="http:\/\/localhost:8787\/t\/o\/[^"]+"/);
    expect(tom?.html).not.toContain('{{');
    expect(tom?.text).toContain('Hello Tom <b>&</b> "Jerry"');
    expect(tom?.headers['List-Unsubscribe']).toMatch(/^<http:\/\/localhost:8787\/u\/.+>$/);
  });

  it('test-sends a variant to given addresses, marked [TEST] and untracked', async () => {
    const { campaignId } = await scheduledCampaign(ctx, ctx.a, 1, 'test-send');
    const res = await ctx.request(`/v1/campaigns/${campaignId}/test-send`, {
      method: 'POST',
      key: await ctx.keyFor(ctx.a, 'marketer'),
      json: { emails: ['test-send-0@example.com', 'boss@acme.example'] },
    });
    expect(res.status, await show(res)).toBe(200);
    expect(await res.json()).toMatchObject({ sent: 2, via: 'outbox', skipped: [] });
    const { data } = await bodyOf(
      await ctx.request(`/v1/campaigns/${campaignId}/outbox`, { key: ctx.a.adminKey }),
      listOutbox,
    );
    const tests = data.filter((d) => d.test);
    expect(tests.map((d) => d.to).sort()).toEqual(['boss@acme.example', 'test-send-0@example.com']);
    expect(tests.every((d) => d.subject.startsWith('[TEST] '))).toBe(true);
    expect(tests[0]?.html).toContain('href="https://acme.example/offer"');
    expect(tests[0]?.html).not.toContain('/t/o/');
    const tooMany = await ctx.request(`/v1/campaigns/${campaignId}/test-send`, {
      method: 'POST',
      key: ctx.a.adminKey,
      json: { emails: Array.from({ length: 11 }, (_, i) => `t${i}@example.com`) },
    });
    expect(tooMany.status).toBe(400);
  });
});
