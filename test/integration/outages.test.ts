import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { queryRows } from '../../src/db/client.js';
import { contacts, events, messages as messagesTable } from '../../src/db/schema/index.js';
import type { Deps } from '../../src/deps.js';
import { connectNodePostgres } from '../../src/node/postgres-pool.js';
import { createUnsubscribeJournal } from '../../src/node/unsubscribe-journal.js';
import { createLinkCache } from '../../src/services/tracking/link-cache.js';
import { createTokenSigner } from '../../src/services/tracking/tokens.js';
import { unsubscribeByToken } from '../../src/services/tracking/unsubscribe.js';
import { manualHitBuffer, openHit } from '../helpers/hits.js';
import { killHard, start, stop } from '../helpers/node-process.js';
import { databaseUrl } from '../helpers/postgres.js';
import { sgEvent, signBatch, webhookKeyPair } from '../helpers/sendgrid-webhook.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { show, TEST_METRICS_TOKEN, useTestContext } from '../helpers/test-app.js';
import { CHROME, type Mail, trackedMails } from '../helpers/tracked-mail.js';

// How long the app's pool waits for a silent server here (production: 20 s), and what a test allows on top.
const SILENCE_MS = 1500;
const BOUND_MS = SILENCE_MS + 3000;

/**
 * Kaifu with Postgres behind a TCP proxy that cuts, pauses and drops: nothing may hang, and what was answered
 * must be stored once the database is back. The test's own connection goes around the proxy, to check.
 */
describe('outages between Kaifu and Postgres (postgres)', () => {
  const ctx = useTestContext('postgres');
  const webhook = webhookKeyPair();
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let pool: ReturnType<typeof connectNodePostgres>;
  let deps: Deps;
  let app: ReturnType<typeof createApp>;
  let mails: Mail[] = [];

  beforeAll(async () => {
    mails = await trackedMails(ctx, 4, 'outage', '<p>Hi</p><a href="https://acme.example/offer">Offer</a>');
    const res = await ctx.request('/v1/workspace/sendgrid', {
      method: 'PUT',
      key: ctx.a.adminKey,
      json: { webhookPublicKeys: [webhook.publicKey] },
    });
    expect(res.status, await show(res)).toBe(200);
    proxy = await startTcpProxy(5432);
    const [row] = await queryRows<{ db: string }>(ctx.db.handle.db, sql`select current_database() as db`);
    pool = connectNodePostgres(proxy.urlFor(row?.db ?? ''), { max: 3, silenceMs: SILENCE_MS });
    deps = ctx.makeDeps({ db: pool.db, analyticsDb: pool.db });
    app = createApp(deps);
  });
  afterAll(async () => {
    proxy.restore();
    await pool?.close();
    await proxy?.close();
  });

  const webhookPost = (id: string) => {
    const body = JSON.stringify([
      sgEvent('delivered', mails[3]?.messageId ?? '', ctx.clock.now(), { sg_event_id: id }),
    ]);
    return app.request(`/webhooks/sendgrid/${ctx.a.workspaceId}`, {
      method: 'POST',
      headers: signBatch(webhook.privateKey, body, Math.floor(ctx.clock.now().getTime() / 1000)),
      body,
    });
  };

  /** The one-click unsubscribe token of a mail, as it was signed into it. */
  const unsubscribeToken = async (mail: Mail) =>
    (await createTokenSigner(ctx.deps.config.secret)).sign({
      kind: 'unsubscribe',
      workspaceId: ctx.a.workspaceId,
      messageId: mail.messageId,
      link: 0,
    });
  /** The status of a mail's contact, read around the proxy. */
  const contactStatus = async (mail: Mail) => {
    const [row] = await ctx.db.handle.db
      .select({ status: contacts.status })
      .from(messagesTable)
      .innerJoin(contacts, eq(contacts.id, messagesTable.contactId))
      .where(eq(messagesTable.id, mail.messageId));
    return row?.status;
  };

  /** Each request must be answered, 503 JSON, within BOUND_MS. */
  async function expectAnsweredUnavailable(label: string) {
    const requests: [string, () => Response | Promise<Response>][] = [
      ['healthz', () => app.request('/healthz')],
      ['webhook', () => webhookPost(`outage-${label}`)],
      ['api', () => app.request('/v1/workspace', { headers: { Authorization: `Bearer ${ctx.a.adminKey}` } })],
    ];
    for (const [name, request] of requests) {
      const started = Date.now();
      const res = await request();
      const took = Date.now() - started;
      expect(took, `${label} ${name} took ${took} ms`).toBeLessThan(BOUND_MS);
      expect(res.status, `${label} ${name}: ${await show(res)}`).toBe(503);
      expect(res.headers.get('content-type')).toContain('application/json');
    }
    const started = Date.now();
    const metrics = await app.request('/metrics', {
      headers: { Authorization: `Bearer ${TEST_METRICS_TOKEN}` },
    });
    expect(Date.now() - started, `${label} metrics`).toBeLessThan(BOUND_MS);
    // The outage is what an operator's scraper must see: kaifu_up 0, not a failed scrape.
    expect(metrics.status, await show(metrics)).toBe(200);
    expect(await metrics.text()).toMatch(/^kaifu_up 0$/m);
  }

  for (const fault of ['pause', 'drop'] as const) {
    it(`nothing hangs while the link is ${fault === 'pause' ? 'stalled' : 'silently dropping'}, and all works after`, async () => {
      expect((await app.request('/healthz')).status).toBe(200); // the pool is connected through the proxy
      proxy[fault]();
      try {
        await expectAnsweredUnavailable(fault);
      } finally {
        proxy.restore();
      }
      // postgres.js replaces the connections it gave up on; the next requests just work.
      let healthy = 0;
      for (let i = 0; i < 20 && healthy === 0; i++) {
        if ((await app.request('/healthz')).status === 200) healthy++;
        else await new Promise((r) => setTimeout(r, 200));
      }
      expect(healthy).toBe(1);
      expect((await webhookPost(`after-${fault}`)).status).toBe(200);
    }, 60_000);
  }

  it('a hit flush that times out keeps its hits and stores them once the database is back', async () => {
    const mail = mails[0] as Mail;
    const buffer = manualHitBuffer(deps);
    const at = ctx.clock.now().getTime();
    for (let i = 0; i < 15; i++) {
      await buffer.add(openHit(ctx.a.workspaceId, mail.messageId, new Date(at + i)));
    }
    proxy.drop();
    const started = Date.now();
    await expect(buffer.flush()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
    expect(buffer.size()).toBe(15);
    proxy.restore();
    await buffer.close();
    expect(buffer.size()).toBe(0);
    const stored = await ctx.db.handle.db.select().from(events).where(eq(events.messageId, mail.messageId));
    expect(stored.filter((e) => e.type === 'open')).toHaveLength(15);
  }, 60_000);

  it('leaves an idle connection alone, and lets the statement timeout of Postgres answer before the socket gives up', async () => {
    const [row] = await queryRows<{ db: string }>(ctx.db.handle.db, sql`select current_database() as db`);
    const direct = connectNodePostgres(proxy.urlFor(row?.db ?? ''), {
      max: 1,
      silenceMs: 1000,
      statementTimeoutMs: 300,
    });
    try {
      const pid = async () =>
        (await queryRows<{ pid: number }>(direct.db, sql`select pg_backend_pid() as pid`))[0]?.pid;
      const first = await pid();
      await new Promise((r) => setTimeout(r, 2500)); // idle for longer than the silence allowed while waiting
      expect(await pid()).toBe(first);
      await expect(queryRows(direct.db, sql`select pg_sleep(2)`)).rejects.toMatchObject({
        cause: { code: '57014' },
      });
      expect(await pid()).toBe(first);
    } finally {
      await direct.close();
    }
  }, 30_000);

  it('a click on cached campaign links still redirects during an outage; its hit waits and is stored after', async () => {
    const buffer = manualHitBuffer(deps);
    const clicking = createApp({
      ...deps,
      linkCache: createLinkCache(),
      recordHit: (hit) => buffer.add(hit),
    });
    const click = (mail: Mail) =>
      clicking.request(mail.clicks[0] ?? '', { headers: { 'User-Agent': CHROME } });
    expect((await click(mails[1] as Mail)).status).toBe(302); // the campaign's links are now cached
    await buffer.flush();
    proxy.drop();
    try {
      const started = Date.now();
      const res = await click(mails[2] as Mail); // never clicked before, same campaign
      expect(Date.now() - started).toBeLessThan(1000);
      expect(res.status, await show(res)).toBe(302);
      expect(res.headers.get('location')).toBe('https://acme.example/offer');
      expect(buffer.size()).toBe(1);
    } finally {
      proxy.restore();
    }
    await buffer.close();
    const stored = await ctx.db.handle.db
      .select()
      .from(events)
      .where(eq(events.messageId, mails[2]?.messageId ?? ''));
    expect(stored.filter((e) => e.type === 'click')).toHaveLength(1);
  }, 60_000);

  it('a one-click unsubscribe during an outage is journaled before its 2xx and carried out on recovery', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaifu-journal-'));
    try {
      const journal = createUnsubscribeJournal(dir, deps.log);
      const withJournal = createApp({
        ...deps,
        journalUnsubscribe: (claims, at) => journal.append(claims, at),
      });
      const mail = mails[3] as Mail;
      const token = await unsubscribeToken(mail);
      const status = () => contactStatus(mail);
      proxy.drop();
      let answer: Response;
      try {
        const started = Date.now();
        answer = await withJournal.request(`/u/${token}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        });
        expect(Date.now() - started).toBeLessThan(BOUND_MS);
      } finally {
        proxy.restore();
      }
      expect(answer.status, await show(answer)).toBe(200);
      expect(await status()).toBe('active'); // not yet: the database never saw it
      // Another process reading the same journal (a restart) carries it out.
      const restarted = createUnsubscribeJournal(dir, deps.log);
      expect(
        await restarted.replay(
          async (e) => void (await unsubscribeByToken({ deps: ctx.deps, claims: e, now: new Date(e.at) })),
        ),
      ).toBe(1);
      expect(await status()).toBe('unsubscribed');
      expect(await restarted.replay(async () => {})).toBe(0);
      // Without a journal (Workers) the outage is not answered 2xx: the mailbox provider retries.
      proxy.drop();
      try {
        const refused = await app.request(`/u/${token}`, {
          method: 'POST',
          body: 'List-Unsubscribe=One-Click',
        });
        expect(refused.status).toBe(503);
      } finally {
        proxy.restore();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a journaled unsubscribe survives kill -9 and is carried out when the server starts again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kaifu-kill-'));
    const [row] = await queryRows<{ db: string }>(ctx.db.handle.db, sql`select current_database() as db`);
    const env = { KAIFU_SECRET: ctx.deps.config.secret, KAIFU_DATA_DIR: dir, LOG_LEVEL: 'warn' };
    try {
      const mail = mails[2] as Mail;
      const token = await unsubscribeToken(mail);
      const status = () => contactStatus(mail);
      const first = await start({ ...env, DATABASE_URL: proxy.urlFor(row?.db ?? '') });
      proxy.drop();
      try {
        const res = await fetch(`http://127.0.0.1:${first.port}/u/${token}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        });
        expect(res.status).toBe(200);
        await killHard(first);
      } finally {
        proxy.restore();
      }
      expect(await status()).toBe('active');
      const second = await start({ ...env, DATABASE_URL: databaseUrl(row?.db ?? '') });
      try {
        for (let i = 0; i < 50 && (await status()) !== 'unsubscribed'; i++)
          await new Promise((r) => setTimeout(r, 200));
        expect(await status()).toBe('unsubscribed');
      } finally {
        expect(await stop(second)).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
