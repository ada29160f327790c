import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { apiKeys, events, messages } from '../../src/db/schema/index.js';
import { route as createCampaign } from '../../src/routes/campaigns/create.js';
import { route as testSend } from '../../src/routes/campaigns/test-send.js';
import { route as contactImport } from '../../src/routes/contacts/import.js';
import { route as createKey } from '../../src/routes/keys/create.js';
import { route as sendgridWebhook } from '../../src/routes/webhooks/sendgrid.js';
import { Role } from '../../src/services/keys/roles.js';
import { campaignBody, importContacts, makeList, setSender } from '../helpers/audience.js';
import { bodyOf } from '../helpers/bodies.js';
import { sgEvent, signBatch, webhookKeyPair } from '../helpers/sendgrid-webhook.js';
import { BACKENDS, TEST_METRICS_TOKEN, useTestContext } from '../helpers/test-app.js';
import { type Mail, trackedMails } from '../helpers/tracked-mail.js';

/**
 * The attack review of November 2026, replayed over real HTTP against a running server: two workspaces, every
 * role. Each block is one numbered finding of "Trust, part 1"; the focused tests live beside the code they test.
 */
describe.each(BACKENDS)('attacks over HTTP on %s', (backend) => {
  const ctx = useTestContext(backend, { rateLimitPerMinute: 1_000_000 });
  let server: ReturnType<typeof serve>;
  let base = '';
  const keys = new Map<string, string>();
  const webhook = webhookKeyPair();
  let mails: Mail[] = [];
  let listId = '';
  let campaignId = '';

  const call = async (
    path: string,
    init: {
      method?: string;
      key?: string;
      json?: unknown;
      headers?: Record<string, string>;
      body?: string;
    } = {},
  ) => {
    const headers = new Headers(init.headers);
    if (init.key) headers.set('Authorization', `Bearer ${init.key}`);
    if (init.json !== undefined) headers.set('Content-Type', 'application/json');
    const res = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
      redirect: 'manual',
    });
    // The text for failure messages; `res` keeps its body for bodyOf, typed by the route called.
    const text = await res.clone().text();
    return { res, status: res.status, headers: res.headers, text };
  };
  const key = (workspace: 'a' | 'b', role: Role) => keys.get(`${workspace}:${role}`) ?? '';

  beforeAll(async () => {
    for (const [name, workspace] of [
      ['a', ctx.a],
      ['b', ctx.b],
    ] as const) {
      for (const role of Role.options) keys.set(`${name}:${role}`, await ctx.keyFor(workspace, role));
    }
    mails = await trackedMails(ctx, 3, 'attack', '<p>Hi</p><a href="https://acme.example/offer">Offer</a>');
    await setSender(ctx, ctx.a);
    const ids = await importContacts(ctx, [{ email: 'alive@example.com' }, { email: 'gone@example.com' }]);
    listId = await makeList(ctx, 'Attack list', [...ids.values()]);
    const created = await ctx.request('/v1/campaigns', {
      method: 'POST',
      key: ctx.a.adminKey,
      json: campaignBody(listId),
    });
    campaignId = (await bodyOf(created, createCampaign, 201)).id;
    await ctx.request('/v1/workspace/sendgrid', {
      method: 'PUT',
      key: ctx.a.adminKey,
      json: { webhookPublicKeys: [webhook.publicKey] },
    });
    const app = createApp(ctx.deps);
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server?.close());

  it('1. no key below admin obtains or poisons an admin key through Idempotency-Key replay', async () => {
    const body = { name: 'ops', role: 'admin' };
    const made = await call('/v1/keys', {
      method: 'POST',
      key: key('a', 'admin'),
      json: body,
      headers: { 'Idempotency-Key': 'ops-key-1' },
    });
    expect(made.status, made.text).toBe(201);
    const secret = (await bodyOf(made.res, createKey, 201)).key;
    for (const role of ['reader', 'analyst', 'marketer'] as const) {
      const res = await call('/v1/keys', {
        method: 'POST',
        key: key('a', role),
        json: body,
        headers: { 'Idempotency-Key': 'ops-key-1' },
      });
      expect(res.status, `${role}: ${res.text}`).toBe(403);
      expect(res.text).not.toContain(secret);
      // Their refusal is not kept: it never reaches the admin either.
      const poison = await call('/v1/keys', {
        method: 'POST',
        key: key('a', role),
        json: body,
        headers: { 'Idempotency-Key': `poison-${role}` },
      });
      expect(poison.status).toBe(403);
      const admin = await call('/v1/keys', {
        method: 'POST',
        key: key('a', 'admin'),
        json: { name: `after ${role}`, role: 'reader' },
        headers: { 'Idempotency-Key': `poison-${role}` },
      });
      expect(admin.status, admin.text).toBe(201);
      expect(admin.headers.get('idempotent-replayed')).toBeNull();
    }
    const inB = await call('/v1/keys', {
      method: 'POST',
      key: key('b', 'admin'),
      json: body,
      headers: { 'Idempotency-Key': 'ops-key-1' },
    });
    expect(inB.status).toBe(201);
    expect(inB.text).not.toContain(secret);
    const replay = await call('/v1/keys', {
      method: 'POST',
      key: key('a', 'admin'),
      json: body,
      headers: { 'Idempotency-Key': 'ops-key-1' },
    });
    expect((await bodyOf(replay.res, createKey, 201)).key).toBe(secret);
    expect(replay.headers.get('x-request-id')).not.toBe(made.headers.get('x-request-id'));
    expect(await ctx.db.handle.db.select().from(apiKeys).where(eq(apiKeys.name, 'ops'))).toHaveLength(2);
  });

  it('2–3. a suppressed address gets no test mail, including one suppressed by a webhook event without our id', async () => {
    const t = ctx.clock.now();
    const batch = JSON.stringify([sgEvent('spamreport', null, t, { email: 'gone@example.com' })]);
    const hook = await call(`/webhooks/sendgrid/${ctx.a.workspaceId}`, {
      method: 'POST',
      headers: signBatch(webhook.privateKey, batch, Math.floor(t.getTime() / 1000)),
      body: batch,
    });
    expect(hook.status, hook.text).toBe(200);
    expect(await bodyOf(hook.res, sendgridWebhook)).toMatchObject({ unmatched: 1, suppressed: 1 });
    const sent = await call(`/v1/campaigns/${campaignId}/test-send`, {
      method: 'POST',
      key: key('a', 'marketer'),
      json: { emails: ['gone@example.com', 'alive@example.com'] },
    });
    expect(sent.status, sent.text).toBe(200);
    expect(await bodyOf(sent.res, testSend)).toMatchObject({
      sent: 1,
      skipped: [{ email: 'gone@example.com', reason: 'complained' }],
    });
    // Analysts and readers may not test-send at all; another workspace's campaign does not exist for B.
    for (const role of ['reader', 'analyst'] as const) {
      const res = await call(`/v1/campaigns/${campaignId}/test-send`, {
        method: 'POST',
        key: key('a', role),
        json: { emails: ['x@acme.example'] },
      });
      expect(res.status).toBe(403);
    }
    const fromB = await call(`/v1/campaigns/${campaignId}/test-send`, {
      method: 'POST',
      key: key('b', 'admin'),
      json: { emails: ['x@acme.example'] },
    });
    expect(fromB.status).toBe(404);
    // A burst of test sends stops at 20 a minute for the workspace.
    ctx.clock.advance(60_000);
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      statuses.push(
        (
          await call(`/v1/campaigns/${campaignId}/test-send`, {
            method: 'POST',
            key: key('a', 'admin'),
            json: { emails: [`burst${i}@acme.example`] },
          })
        ).status,
      );
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it('4. a recipient-local time long past is refused, not mailed at once', async () => {
    const res = await call(`/v1/campaigns/${campaignId}/schedule`, {
      method: 'POST',
      key: key('a', 'marketer'),
      json: { schedule: { type: 'local', date: '2026-01-01', time: '10:00' } },
    });
    expect(res.status, res.text).toBe(422);
    expect(
      await ctx.db.handle.db.select().from(messages).where(eq(messages.campaignId, campaignId)),
    ).toHaveLength(0);
  });

  it('5. NUL bytes, CR/LF links and deeply nested events are clear refusals, never 500', async () => {
    for (const path of ['/v1/contacts?email=%00', '/v1/contacts?cursor=%00', `/v1/lists/${listId}%00`]) {
      const res = await call(path, { key: key('a', 'analyst') });
      expect(res.status, `${path}: ${res.text}`).toBe(400);
    }
    const list = await call('/v1/lists', {
      method: 'POST',
      key: key('a', 'marketer'),
      json: { name: 'x\u0000' },
    });
    expect(list.status).toBe(400);
    const imported = await call('/v1/contacts', {
      method: 'POST',
      key: key('a', 'marketer'),
      json: {
        contacts: [
          { email: 'n1@example.com', name: 'N\u0000', consent: { source: 's', at: '2026-10-01T00:00:00Z' } },
          { email: 'n2@example.com', consent: { source: 's', at: '2026-10-01T00:00:00Z' } },
        ],
      },
    });
    expect(imported.status, imported.text).toBe(200);
    expect(await bodyOf(imported.res, contactImport)).toMatchObject({ created: 1, errors: [{ index: 0 }] });
    const link = await call('/v1/campaigns', {
      method: 'POST',
      key: key('a', 'marketer'),
      json: campaignBody(listId, {
        html: '<a href="https://acme.example/&#13;&#10;Set-Cookie:%20x=1">x</a>',
      }),
    });
    expect(link.status, link.text).toBe(400);
    const t = ctx.clock.now();
    const deep = `[{"event":"new_kind","sg_event_id":"deep-http","timestamp":1,"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}]`;
    const hook = await call(`/webhooks/sendgrid/${ctx.a.workspaceId}`, {
      method: 'POST',
      headers: signBatch(webhook.privateKey, deep, Math.floor(t.getTime() / 1000)),
      body: deep,
    });
    expect(hook.status, hook.text).toBe(200);
  });

  it('6. after erasure the mail still works, but nothing identifying is stored', async () => {
    const mail = mails[0] as Mail;
    const [message] = await ctx.db.handle.db.select().from(messages).where(eq(messages.id, mail.messageId));
    const erased = await call(`/v1/contacts/${message?.contactId}`, {
      method: 'DELETE',
      key: key('a', 'marketer'),
    });
    expect(erased.status).toBe(204);
    const click = await call(mail.clicks[0] ?? '', {
      headers: { 'User-Agent': 'Mozilla/5.0 Chrome/141', 'X-Forwarded-For': '203.0.113.77' },
    });
    expect(click.status).toBe(302);
    const pixel = await call(mail.open, {
      headers: { 'User-Agent': 'Mozilla/5.0 Chrome/141', 'X-Forwarded-For': '203.0.113.77' },
    });
    expect(pixel.headers.get('content-type')).toBe('image/gif');
    const stored = await ctx.db.handle.db.select().from(events).where(eq(events.messageId, mail.messageId));
    expect(stored.length).toBeGreaterThanOrEqual(2);
    for (const e of stored) expect(e).toMatchObject({ ip: null, userAgent: null });
  });

  it('7. metrics need the operator’s token, never a workspace key; the outbox needs a marketer', async () => {
    expect((await call('/metrics')).status).toBe(401);
    for (const role of Role.options)
      expect((await call('/metrics', { key: key('a', role) })).status).toBe(401);
    expect((await call('/metrics', { key: TEST_METRICS_TOKEN })).status).toBe(200);
    for (const role of Role.options) {
      const res = await call(`/v1/campaigns/${campaignId}/outbox`, { key: key('a', role) });
      expect(res.status, `${role}: ${res.text}`).toBe(role === 'reader' || role === 'analyst' ? 403 : 200);
    }
    expect((await call(`/v1/campaigns/${campaignId}/outbox`, { key: key('b', 'admin') })).status).toBe(404);
  });

  it('8. a flood on one pixel token is answered in full and stored 20 times', async () => {
    const mail = mails[1] as Mail;
    const answers = await Promise.all(
      Array.from({ length: 300 }, () =>
        call(mail.open, { headers: { 'User-Agent': `Mozilla/5.0 ${'x'.repeat(15_000)}` } }),
      ),
    );
    expect(answers.every((a) => a.status === 200 && a.headers.get('content-type') === 'image/gif')).toBe(
      true,
    );
    const opens = await ctx.db.handle.db
      .select()
      .from(events)
      .where(and(eq(events.messageId, mail.messageId), eq(events.type, 'open')));
    expect(opens).toHaveLength(20);
    expect(opens.every((o) => (o.userAgent?.length ?? 0) <= 500)).toBe(true);
    const [row] = await ctx.db.handle.db.select().from(messages).where(eq(messages.id, mail.messageId));
    expect(row).toMatchObject({ openCount: 20, opensCapped: 280 });
  });
});
