import { EventWebhook } from '@sendgrid/eventwebhook';
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { connectPostgres, queryRows } from '../../src/db/client.js';
import { forgetProviderEventKeys } from '../../src/db/queries/provider-events.js';
import {
  contacts,
  events,
  messages,
  providerEventKeys,
  suppressions,
  workspaces,
} from '../../src/db/schema/index.js';
import { openText } from '../../src/lib/crypto.js';
import { route as createCampaign } from '../../src/routes/campaigns/create.js';
import { route as listContacts } from '../../src/routes/contacts/list.js';
import { route as listSuppressions } from '../../src/routes/suppressions/list.js';
import { checkWebhookSignature } from '../../src/services/sendgrid/webhook-signature.js';
import { campaignBody, importContacts, makeList } from '../helpers/audience.js';
import { bodyOf } from '../helpers/bodies.js';
import { sentCampaign } from '../helpers/scheduled-campaign.js';
import { sgEvent, signBatch, webhookKeyPair } from '../helpers/sendgrid-webhook.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { BACKENDS, show, type TestContext, useTestContext } from '../helpers/test-app.js';

const first = webhookKeyPair();
const second = webhookKeyPair();
const stranger = webhookKeyPair();

async function configure(ctx: TestContext, keys: string[], workspace = ctx.a) {
  const res = await ctx.request('/v1/workspace/sendgrid', {
    method: 'PUT',
    key: workspace.adminKey,
    json: { webhookPublicKeys: keys },
  });
  expect(res.status, await show(res)).toBe(200);
}

function post(
  ctx: TestContext,
  batch: unknown,
  opts: { key?: typeof first; workspaceId?: string; at?: Date; tamper?: boolean } = {},
) {
  const body = typeof batch === 'string' ? batch : JSON.stringify(batch);
  const ts = Math.floor((opts.at ?? ctx.clock.now()).getTime() / 1000);
  const headers = signBatch((opts.key ?? first).privateKey, body, ts);
  return ctx.request(`/webhooks/sendgrid/${opts.workspaceId ?? ctx.a.workspaceId}`, {
    method: 'POST',
    headers,
    body: opts.tamper ? body.replace('delivered', 'bounce') : body,
  });
}

const countEvents = async (ctx: TestContext) =>
  (await queryRows<{ n: number }>(ctx.db.handle.db, sql`select count(*)::int as n from events`))[0]?.n ?? 0;

describe.each(BACKENDS)('SendGrid Event Webhook on %s', (backend) => {
  const ctx = useTestContext(backend);
  let sent: Awaited<ReturnType<typeof sentCampaign>>;
  const msg = (i: number) => sent.messages[i]?.id ?? '';
  const messageRow = async (id: string) =>
    (await ctx.db.handle.db.select().from(messages).where(eq(messages.id, id)))[0];

  beforeAll(async () => {
    sent = await sentCampaign(ctx, ctx.a, 13, 'webhook');
    await configure(ctx, [first.publicKey]);
  });

  it('stores the SendGrid API key sealed and never shows it', async () => {
    const res = await ctx.request('/v1/workspace/sendgrid', {
      method: 'PUT',
      key: ctx.a.adminKey,
      json: { apiKey: 'SG.secret-api-key-value-1234567890', openTracking: false },
    });
    const body = await res.text();
    expect(res.status, body).toBe(200);
    expect(body).not.toContain('secret-api-key');
    expect(JSON.parse(body)).toMatchObject({ configured: true, webhookKeys: 1, openTracking: false });
    const [row] = await ctx.db.handle.db
      .select()
      .from(workspaces)
      .where(eq(workspaces.id, ctx.a.workspaceId));
    expect(row?.sendgridApiKeyEncrypted).not.toContain('secret-api-key');
    expect(await openText(ctx.deps.config.secret, 'credentials', row?.sendgridApiKeyEncrypted ?? '')).toBe(
      'SG.secret-api-key-value-1234567890',
    );
    const bad = await ctx.request('/v1/workspace/sendgrid', {
      method: 'PUT',
      key: ctx.a.adminKey,
      json: {
        webhookPublicKeys: [Buffer.from('not a key, just some text of some length').toString('base64')],
      },
    });
    expect(bad.status).toBe(400);
    expect(
      (
        await ctx.request('/v1/workspace/sendgrid', {
          method: 'PUT',
          key: await ctx.keyFor(ctx.a, 'marketer'),
          json: { openTracking: true },
        })
      ).status,
    ).toBe(403);
  });

  it('refuses forged, altered, unsigned, stale, future and wrong-workspace batches and stores nothing', async () => {
    await configure(ctx, [stranger.publicKey], ctx.b);
    const batch = [sgEvent('delivered', msg(0), ctx.clock.now())];
    const before = await countEvents(ctx);
    const refusals = [
      await post(ctx, batch, { key: stranger }),
      await post(ctx, batch, { tamper: true }),
      await ctx.request(`/webhooks/sendgrid/${ctx.a.workspaceId}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(batch),
      }),
      await post(ctx, batch, { at: new Date(ctx.clock.now().getTime() - 24 * 3600_000 - 6 * 60_000) }),
      await post(ctx, batch, { at: new Date(ctx.clock.now().getTime() + 10 * 60_000) }),
      await post(ctx, batch, { workspaceId: ctx.b.workspaceId }),
      await post(ctx, batch, { workspaceId: '01a00000-0000-7000-8000-000000000000' }),
    ];
    for (const res of refusals) {
      expect(res.status, await show(res)).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect(await countEvents(ctx)).toBe(before);
    expect((await messageRow(msg(0)))?.deliveryStatus).toBeNull();
  });

  it('accepts a batch 23 hours old (SendGrid retries for a day)', async () => {
    const old = new Date(ctx.clock.now().getTime() - 23 * 3600_000);
    const res = await post(ctx, [sgEvent('processed', msg(0), old)], { at: old });
    expect(res.status, await show(res)).toBe(200);
  });

  it('accepts a batch signed with the second key during a rotation', async () => {
    const batch = [sgEvent('processed', msg(1), ctx.clock.now())];
    expect((await post(ctx, batch, { key: second })).status).toBe(401);
    await configure(ctx, [first.publicKey, second.publicKey]);
    const res = await post(ctx, batch, { key: second });
    expect(res.status, await show(res)).toBe(200);
    expect(await res.json()).toMatchObject({ stored: 1 });
    expect((await post(ctx, [sgEvent('processed', msg(2), ctx.clock.now())], { key: first })).status).toBe(
      200,
    );
  });

  it('stores each event once: duplicates in a batch and re-deliveries are harmless', async () => {
    const t = ctx.clock.now();
    const delivered = sgEvent('delivered', msg(3), t);
    const open = sgEvent('open', msg(3), new Date(t.getTime() + 60_000), {
      sg_machine_open: false,
      ip: '198.51.100.7',
      useragent: 'Mozilla/5.0',
    });
    const batch = [delivered, open, delivered];
    const res = await post(ctx, batch);
    expect(await res.json()).toEqual({
      received: 3,
      stored: 2,
      duplicates: 1,
      ignored: 0,
      unmatched: 0,
      testSends: 0,
      keptRaw: 0,
      suppressed: 0,
    });
    const again = await post(ctx, batch);
    expect(await again.json()).toMatchObject({ stored: 0, duplicates: 3 });
    const rows = await ctx.db.handle.db
      .select()
      .from(events)
      .where(eq(events.messageId, msg(3)));
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.type === 'open')).toMatchObject({
      source: 'sendgrid',
      classification: 'human',
      ip: '198.51.100.7',
    });
  });

  it('stores an sg_event_id once whatever timestamp a re-delivery carries, and counts it once', async () => {
    const t = ctx.clock.now();
    const open = sgEvent('open', msg(12), t, {
      sg_machine_open: false,
      ip: '198.51.100.7',
      useragent: 'Mozilla/5.0',
    });
    expect(await (await post(ctx, [open])).json()).toMatchObject({ stored: 1 });
    const shifted = { ...open, timestamp: open.timestamp + 7 };
    expect(await (await post(ctx, [shifted])).json()).toMatchObject({ stored: 0, duplicates: 1 });
    const rows = await ctx.db.handle.db
      .select()
      .from(events)
      .where(eq(events.messageId, msg(12)));
    expect(rows).toHaveLength(1);
    expect((await messageRow(msg(12)))?.openCount).toBe(1);
  });

  it('stores an event without a usable timestamp or id once, however often it is re-delivered', async () => {
    const odd = [
      { event: 'delivered', sg_event_id: 'no-time-1', timestamp: 'yesterday', email: 'x@example.com' },
      { event: 'brand_new_event', detail: 'no id, no time' },
    ];
    const first = await post(ctx, odd);
    expect(await first.json()).toMatchObject({ stored: 2, keptRaw: 2 });
    ctx.clock.advance(60_000);
    for (let i = 0; i < 2; i++) {
      const again = await post(ctx, odd);
      expect(await again.json()).toMatchObject({ stored: 0, duplicates: 2 });
    }
    // Another event, not a re-delivery: stored.
    const other = await post(ctx, [{ event: 'brand_new_event', detail: 'another' }]);
    expect(await other.json()).toMatchObject({ stored: 1 });
  });

  it('applies out-of-order events: an open before delivered, a processed after it', async () => {
    const t = ctx.clock.now();
    await post(ctx, [sgEvent('open', msg(4), new Date(t.getTime() + 120_000), { sg_machine_open: true })]);
    await post(ctx, [sgEvent('delivered', msg(4), new Date(t.getTime() + 60_000))]);
    await post(ctx, [sgEvent('processed', msg(4), t)]);
    const row = await messageRow(msg(4));
    expect(row).toMatchObject({ deliveryStatus: 'delivered', status: 'sent' });
    expect(row?.deliveredAt?.toISOString()).toBe(
      new Date(Math.floor((t.getTime() + 60_000) / 1000) * 1000).toISOString(),
    );
    expect(row?.firstOpenAt).not.toBeNull();
    expect(row?.firstHumanOpenAt).toBeNull(); // sg_machine_open: a machine, not a person
    // An asynchronous bounce after delivery wins; a late "deferred" does not undo it.
    await post(ctx, [
      sgEvent('bounce', msg(4), new Date(t.getTime() + 180_000), { type: 'blocked', reason: '550 blocked' }),
    ]);
    await post(ctx, [sgEvent('deferred', msg(4), new Date(t.getTime() + 240_000))]);
    expect((await messageRow(msg(4)))?.deliveryStatus).toBe('blocked');
  });

  it('a human click proves an open', async () => {
    await post(ctx, [sgEvent('click', msg(5), ctx.clock.now(), { url: 'https://acme.example/offer' })]);
    const row = await messageRow(msg(5));
    expect(row?.firstHumanClickAt).not.toBeNull();
    expect(row?.firstHumanOpenAt?.toISOString()).toBe(row?.firstHumanClickAt?.toISOString());
  });

  it('suppresses hard bounces, complaints and unsubscribes, but not blocked bounces or deferrals', async () => {
    const t = ctx.clock.now();
    // Another campaign, still scheduled for the same people: their unsent mail must stop.
    const people = [6, 7, 8, 9, 10, 11].map((i) => sent.messages[i]?.contactId ?? '');
    const listId = await makeList(ctx, 'Follow-up', people);
    const followUp = await bodyOf(
      await ctx.request('/v1/campaigns', {
        method: 'POST',
        key: ctx.a.adminKey,
        json: campaignBody(listId, { name: 'Follow-up' }),
      }),
      createCampaign,
      201,
    );
    const scheduled = await ctx.request(`/v1/campaigns/${followUp.id}/schedule`, {
      method: 'POST',
      key: ctx.a.adminKey,
      json: { schedule: { type: 'at', at: new Date(t.getTime() + 86_400_000).toISOString() } },
    });
    expect(scheduled.status, await show(scheduled)).toBe(200);
    const res = await post(ctx, [
      sgEvent('bounce', msg(6), t, { type: 'bounce', reason: '550 5.1.1 user unknown' }),
      sgEvent('spamreport', msg(7), t),
      sgEvent('unsubscribe', msg(8), t),
      sgEvent('group_unsubscribe', msg(9), t, { asm_group_id: 42 }),
      sgEvent('bounce', msg(10), t, { type: 'blocked', reason: '421 try later' }),
      sgEvent('deferred', msg(11), t, { response: '451 greylisted', attempt: '1' }),
    ]);
    expect(res.status, await show(res)).toBe(200);
    const status = async (i: number) => {
      const contactId = sent.messages[i]?.contactId ?? '';
      return (await ctx.db.handle.db.select().from(contacts).where(eq(contacts.id, contactId)))[0]?.status;
    };
    expect(await status(6)).toBe('bounced');
    expect(await status(7)).toBe('complained');
    expect(await status(8)).toBe('unsubscribed');
    expect(await status(9)).toBe('unsubscribed');
    expect(await status(10)).toBe('active');
    expect(await status(11)).toBe('active');
    const reasons = (
      await ctx.db.handle.db
        .select()
        .from(suppressions)
        .where(eq(suppressions.workspaceId, ctx.a.workspaceId))
    )
      .map((s) => s.reason)
      .sort();
    expect(reasons).toEqual(['bounced', 'complained', 'unsubscribed', 'unsubscribed']);
    expect((await messageRow(msg(11)))?.deliveryStatus).toBe('deferred');
    const followUpStatus = new Map(
      (await ctx.db.handle.db.select().from(messages).where(eq(messages.campaignId, followUp.id))).map(
        (m) => [m.contactId, m.status],
      ),
    );
    expect(people.map((p) => followUpStatus.get(p))).toEqual([
      'cancelled',
      'cancelled',
      'cancelled',
      'cancelled',
      'scheduled',
      'scheduled',
    ]);
  });

  it('suppresses by address when an event carries no message id: test sends, other tools, SendGrid drops', async () => {
    const t = ctx.clock.now();
    const people = [
      'nomsg-bounce',
      'nomsg-spam',
      'nomsg-unsub',
      'nomsg-group',
      'nomsg-blocked',
      'drop-bounced',
      'drop-unsub',
      'drop-spam',
      'drop-other',
    ];
    const ids = await importContacts(
      ctx,
      people.map((p) => ({ email: `${p}@example.com` })),
    );
    // The same address in workspace B is B's business: A's webhook must not touch it.
    await importContacts(ctx, [{ email: 'nomsg-bounce@example.com' }], ctx.b);
    const at = (p: string) => ({ email: `${p.toUpperCase()}@Example.com` });
    const res = await post(ctx, [
      sgEvent('bounce', null, t, { ...at('nomsg-bounce'), type: 'bounce', reason: '550 user unknown' }),
      sgEvent('spamreport', null, t, {
        ...at('nomsg-spam'),
        kaifu_test_send_id: '01a00000-0000-7000-8000-000000000001',
      }),
      sgEvent('unsubscribe', null, t, at('nomsg-unsub')),
      sgEvent('group_unsubscribe', null, t, { ...at('nomsg-group'), asm_group_id: 7 }),
      sgEvent('bounce', null, t, { ...at('nomsg-blocked'), type: 'blocked', reason: '421 later' }),
      sgEvent('dropped', null, t, { ...at('drop-bounced'), reason: 'Bounced Address' }),
      sgEvent('dropped', null, t, { ...at('drop-unsub'), reason: 'Unsubscribed Address' }),
      sgEvent('dropped', null, t, { ...at('drop-spam'), reason: 'Spam Reporting Address' }),
      sgEvent('dropped', null, t, { ...at('drop-other'), reason: 'Invalid SMTPAPI header' }),
      sgEvent('bounce', null, t, { email: 'not-a-contact@example.com', type: 'bounce', reason: '550' }),
    ]);
    expect(res.status, await show(res)).toBe(200);
    expect(await res.json()).toMatchObject({
      received: 10,
      stored: 10,
      unmatched: 9,
      testSends: 1,
      suppressed: 8,
    });
    const statusOf = async (p: string) =>
      (
        await ctx.db.handle.db
          .select()
          .from(contacts)
          .where(eq(contacts.id, ids.get(`${p}@example.com`) ?? ''))
      )[0]?.status;
    expect(Object.fromEntries(await Promise.all(people.map(async (p) => [p, await statusOf(p)])))).toEqual({
      'nomsg-bounce': 'bounced',
      'nomsg-spam': 'complained',
      'nomsg-unsub': 'unsubscribed',
      'nomsg-group': 'unsubscribed',
      'nomsg-blocked': 'active',
      'drop-bounced': 'bounced',
      'drop-unsub': 'unsubscribed',
      'drop-spam': 'complained',
      'drop-other': 'active',
    });
    // An address that is no contact is suppressed all the same: a later import is never mailed.
    const listed = await ctx.request('/v1/suppressions?email=not-a-contact@example.com', {
      key: ctx.a.adminKey,
    });
    expect((await bodyOf(listed, listSuppressions)).data).toMatchObject([{ reason: 'bounced' }]);
    const inB = await ctx.request('/v1/contacts?email=nomsg-bounce@example.com', { key: ctx.b.adminKey });
    expect((await bodyOf(inB, listContacts)).data).toMatchObject([{ status: 'active' }]);
  });

  it('settles a message whose send was uncertain: processed proves SendGrid accepted it', async () => {
    await ctx.db.handle.db
      .update(messages)
      .set({ status: 'uncertain', sentAt: null, localHour: null, localWeekday: null })
      .where(eq(messages.id, msg(2)));
    // 2026-11-26T09:30Z is Thursday 18:30 in Tokyo.
    const at = new Date('2026-11-26T09:30:00Z');
    await post(ctx, [sgEvent('processed', msg(2), at, { sg_event_id: 'settle-1' })], { at: ctx.clock.now() });
    const row = await messageRow(msg(2));
    expect(row).toMatchObject({ status: 'sent', localWeekday: 4, localHour: 18 });
    expect(row?.sentAt?.toISOString()).toBe(at.toISOString());
  });

  it('keeps unknown types and malformed known ones raw, unmatched events without a message, and ignores other workspaces’ messages', async () => {
    const otherCampaign = await sentCampaign(ctx, ctx.b, 1, 'webhook-b');
    const t = ctx.clock.now();
    const res = await post(ctx, [
      sgEvent('brand_new_event', msg(0), t, { detail: 1 }),
      { event: 'delivered', sg_event_id: 'broken-1', timestamp: 'yesterday', email: 'x@example.com' },
      sgEvent('delivered', null, t),
      sgEvent('delivered', otherCampaign.messages[0]?.id ?? '', t),
      sgEvent('delivered', 'not-a-uuid', t),
      42,
    ]);
    expect(res.status, await show(res)).toBe(200);
    expect(await res.json()).toEqual({
      received: 6,
      stored: 4,
      duplicates: 0,
      ignored: 2,
      unmatched: 1,
      testSends: 0,
      keptRaw: 3,
      suppressed: 0,
    });
    const foreign = await ctx.db.handle.db
      .select()
      .from(messages)
      .where(eq(messages.id, otherCampaign.messages[0]?.id ?? ''));
    expect(foreign[0]?.deliveryStatus).toBeNull();
  });

  it('forgets event keys once a week has passed, not before', async () => {
    const keys = async () => (await ctx.db.handle.db.select().from(providerEventKeys)).length;
    const held = await keys();
    expect(held).toBeGreaterThan(0);
    const now = ctx.clock.now().getTime();
    expect(await forgetProviderEventKeys(ctx.db.handle.db, new Date(now + 6 * 86_400_000))).toBe(0);
    expect(await keys()).toBe(held);
    expect(await forgetProviderEventKeys(ctx.db.handle.db, new Date(now + 8 * 86_400_000))).toBe(held);
    expect(await keys()).toBe(0);
  });

  it('answers 400 for malformed JSON or a non-array after a valid signature, 413 above 5 MiB', async () => {
    expect((await post(ctx, '{"oops":')).status).toBe(400);
    expect((await post(ctx, '{"event":"delivered"}')).status).toBe(400);
    const big = JSON.stringify([{ padding: 'x'.repeat(5 * 1024 * 1024) }]);
    const res = await post(ctx, big);
    expect(res.status, await show(res)).toBe(413);
  });

  it('agrees with @sendgrid/eventwebhook on valid and altered signatures', async () => {
    const verifier = new EventWebhook();
    const key = verifier.convertPublicKeyToECDSA(first.publicKey);
    for (let i = 0; i < 20; i++) {
      const body = JSON.stringify([
        sgEvent('delivered', msg(0), ctx.clock.now(), { n: i, text: 'ü日本'.repeat(i) }),
      ]);
      const ts = Math.floor(ctx.clock.now().getTime() / 1000);
      const headers = signBatch(first.privateKey, body, ts);
      const signature = headers['X-Twilio-Email-Event-Webhook-Signature'];
      for (const candidate of [body, `${body} `]) {
        const theirs = verifier.verifySignature(key, candidate, signature, String(ts));
        const ours = await checkWebhookSignature({
          keys: [first.publicKey],
          signature,
          timestamp: String(ts),
          rawBody: candidate,
          now: ctx.clock.now(),
        });
        expect(ours === 'valid', `round ${i}`).toBe(theirs);
        expect(theirs).toBe(candidate === body);
      }
    }
  });
});

describe('SendGrid Event Webhook while the database is unreachable (postgres)', () => {
  const ctx = useTestContext('postgres');

  it('answers 503, stores nothing, then stores every event exactly once when re-posted', async () => {
    const sent = await sentCampaign(ctx, ctx.a, 5, 'outage');
    await configure(ctx, [first.publicKey]);
    const proxy = await startTcpProxy(5432);
    const dbName = (
      await queryRows<{ db: string }>(ctx.db.handle.db, sql`select current_database() as db`)
    )[0]?.db;
    const viaProxy = connectPostgres(`postgres://postgres:postgres@127.0.0.1:${proxy.port}/${dbName}`, {
      max: 2,
    });
    const app = createApp(ctx.makeDeps({ db: viaProxy.db, analyticsDb: viaProxy.db }));
    const batch = sent.messages.map((m) => sgEvent('delivered', m.id, ctx.clock.now()));
    const body = JSON.stringify(batch);
    const send = () =>
      app.request(`/webhooks/sendgrid/${ctx.a.workspaceId}`, {
        method: 'POST',
        headers: signBatch(first.privateKey, body, Math.floor(ctx.clock.now().getTime() / 1000)),
        body,
      });
    expect((await send()).status).toBe(200); // warm: the pool is connected through the proxy
    await ctx.db.handle.db.delete(events);
    await ctx.db.handle.db.delete(providerEventKeys);
    await ctx.db.handle.db.update(messages).set({ deliveryStatus: null, deliveredAt: null });

    proxy.cut();
    const down = await send();
    expect(down.status, await show(down)).toBe(503);
    expect(await down.json()).toMatchObject({ error: { code: 'unavailable' } });
    expect(await countEvents(ctx)).toBe(0);

    proxy.restore();
    const up = await send();
    expect(up.status, await show(up)).toBe(200);
    expect(await up.json()).toMatchObject({ stored: 5, duplicates: 0 });
    const retried = await send();
    expect(await retried.json()).toMatchObject({ stored: 0, duplicates: 5 });
    expect(await countEvents(ctx)).toBe(5);
    const delivered = await ctx.db.handle.db
      .select()
      .from(messages)
      .where(eq(messages.deliveryStatus, 'delivered'));
    expect(delivered).toHaveLength(5);
    await viaProxy.close();
    await proxy.close();
  });
});
