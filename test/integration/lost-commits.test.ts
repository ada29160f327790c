import { inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { events, messages } from '../../src/db/schema/index.js';
import type { Deps } from '../../src/deps.js';
import type { Mailer } from '../../src/mail/mailer.js';
import { createSendgridMailer } from '../../src/mail/sendgrid-mailer.js';
import { connectNodePostgres } from '../../src/node/postgres-pool.js';
import { ingestProviderEvents } from '../../src/services/sendgrid/ingest-provider-events.js';
import { dispatchDue } from '../../src/services/sending/dispatch-due.js';
import { type FakeSendgrid, startFakeSendgrid } from '../helpers/fake-sendgrid.js';
import { manualHitBuffer, openHit } from '../helpers/hits.js';
import { sgEvent } from '../helpers/sendgrid-webhook.js';
import { scheduledCampaign, setSendgridKey, statusCounts } from '../helpers/sending.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { useTestContext } from '../helpers/test-app.js';
import { type Mail, trackedMails } from '../helpers/tracked-mail.js';

/**
 * The worst moment for a write to fail: Postgres has committed, and the answer is lost on the way back. The
 * writer cannot know, so it tries again; every try after the first must change nothing. The proxy lets COMMITs
 * through and resets the connection before their answer; the test's own connection goes around it, to count.
 */
describe('COMMITs whose answer is lost (postgres)', () => {
  const ctx = useTestContext('postgres');
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let pool: ReturnType<typeof connectNodePostgres>;
  let deps: Deps;
  let mails: Mail[] = [];
  let fake: FakeSendgrid;

  beforeAll(async () => {
    mails = await trackedMails(ctx, 12, 'lost-commit', '<p>Hi</p>');
    fake = await startFakeSendgrid();
    await setSendgridKey(ctx, ctx.b);
    proxy = await startTcpProxy(5432);
    const [row] = await queryRows<{ db: string }>(ctx.db.handle.db, sql`select current_database() as db`);
    pool = connectNodePostgres(proxy.urlFor(row?.db ?? ''), { max: 3 });
    deps = ctx.makeDeps({ db: pool.db, analyticsDb: pool.db });
  });
  afterAll(async () => {
    await fake?.close();
    await pool?.close();
    await proxy?.close();
  });

  const ids = (from: number, to: number) => mails.slice(from, to).map((m) => m.messageId);
  const storedOf = async (messageIds: string[]) => {
    const rows = await ctx.db.handle.db.select().from(events).where(inArray(events.messageId, messageIds));
    const counted = await ctx.db.handle.db
      .select({ opens: messages.openCount, capped: messages.opensCapped })
      .from(messages)
      .where(inArray(messages.id, messageIds));
    return {
      rows: rows.length,
      distinct: new Set(rows.map((r) => r.id)).size,
      opens: counted.reduce((sum, m) => sum + m.opens, 0),
      // A re-sent hit must not pass for a flood either (counted over the hourly cap).
      capped: counted.reduce((sum, m) => sum + m.capped, 0),
    };
  };

  it('hits: a flush retried after lost COMMITs stores and counts each hit once', async () => {
    const buffer = manualHitBuffer(deps);
    const at = ctx.clock.now().getTime();
    // 200 hits on ten messages, 20 each: within the hourly cap, so every one is stored.
    for (const [i, id] of ids(0, 10).entries()) {
      for (let k = 0; k < 20; k++)
        await buffer.add(openHit(ctx.a.workspaceId, id, new Date(at + i * 100 + k)));
    }
    proxy.loseCommits(2);
    await expect(buffer.flush()).rejects.toThrow();
    // More hits arrive between the tries: the next batch holds old and new.
    for (let k = 0; k < 5; k++)
      await buffer.add(openHit(ctx.a.workspaceId, ids(10, 11)[0] ?? '', new Date(at + k)));
    await expect(buffer.flush()).rejects.toThrow();
    await buffer.close();
    expect(proxy.commitsLost()).toBe(2);
    expect(buffer.size()).toBe(0);
    expect(await storedOf(ids(0, 10))).toEqual({ rows: 200, distinct: 200, opens: 200, capped: 0 });
    expect(await storedOf(ids(10, 11))).toEqual({ rows: 5, distinct: 5, opens: 5, capped: 0 });
  }, 60_000);

  it('webhook: a batch re-posted after a lost COMMIT stores and counts each event once', async () => {
    const t = ctx.clock.now();
    const target = ids(11, 12);
    const batch = [
      sgEvent('delivered', target[0] ?? '', t),
      ...Array.from({ length: 30 }, (_, i) =>
        sgEvent('open', target[0] ?? '', new Date(t.getTime() + (i + 1) * 1000), { sg_machine_open: false }),
      ),
      { event: 'brand_new_event', detail: 'no id' },
    ];
    proxy.loseCommits(1);
    await expect(ingestProviderEvents({ deps, workspaceId: ctx.a.workspaceId, batch })).rejects.toThrow();
    expect(proxy.commitsLost()).toBe(3);
    // SendGrid posts it again, and once more for good measure.
    for (let i = 0; i < 2; i++) {
      expect(await ingestProviderEvents({ deps, workspaceId: ctx.a.workspaceId, batch })).toMatchObject({
        stored: 0,
        duplicates: 32,
      });
    }
    expect(await storedOf(target)).toEqual({ rows: 31, distinct: 31, opens: 30, capped: 0 });
    const raw = await ctx.db.handle.db.select().from(events).where(sql`${events.type} = 'brand_new_event'`);
    expect(raw).toHaveLength(1);
  }, 60_000);

  /** The real SendGrid client on the fake, doing `after` once SendGrid has taken the batch. */
  const mailerThen = (after: () => void): Mailer => {
    const real = createSendgridMailer({ baseUrl: fake.baseUrl, timeoutMs: 5000 });
    return {
      async send(batch, apiKey) {
        const outcome = await real.send(batch, apiKey);
        after();
        return outcome;
      },
    };
  };

  /** A campaign of `n` in workspace B dispatched through the proxy with `mailer`; answers what each got. */
  async function dispatchThrough(label: string, mailer: Mailer, n = 30) {
    const { campaignId } = await scheduledCampaign(ctx, ctx.b, n, label);
    ctx.clock.advance(2 * 60_000);
    const dispatch = dispatchDue({ deps: { ...deps, mailer } });
    return { campaignId, dispatch };
  }

  /** Each of the campaign's messages accepted by SendGrid exactly once. */
  const mailedOnce = async (campaignId: string) => {
    const { rows } = await statusCounts(ctx, campaignId);
    const accepted = fake.acceptedMessageIds();
    return rows.every((r) => accepted.get(r.id) === 1);
  };

  it('settlement: a sent batch whose settling COMMIT is lost is settled once, never mailed again', async () => {
    const lost = proxy.commitsLost();
    const { campaignId, dispatch } = await dispatchThrough(
      'lost-settle',
      mailerThen(() => proxy.loseCommits(1)),
    );
    expect(await dispatch).toMatchObject({ sent: 30 });
    expect(proxy.commitsLost()).toBe(lost + 1);
    expect((await statusCounts(ctx, campaignId)).counts).toEqual({ sent: 30 });
    await dispatchDue({ deps: { ...deps, mailer: mailerThen(() => {}) } });
    expect(await mailedOnce(campaignId)).toBe(true);
  }, 60_000);

  it('settlement: when the database is briefly gone after SendGrid took a batch, settling is retried in the process', async () => {
    const { campaignId, dispatch } = await dispatchThrough(
      'cut-settle',
      mailerThen(() => {
        proxy.cut();
        setTimeout(() => proxy.restore(), 700);
      }),
    );
    // A sibling lane's next claim may meet the cut and end the run; the settled batch is what counts.
    await dispatch.catch(() => {});
    expect((await statusCounts(ctx, campaignId)).counts).toEqual({ sent: 30 });
    expect(await mailedOnce(campaignId)).toBe(true);
    expect(ctx.logs.some((l) => l.includes('settling a sent batch failed; trying again'))).toBe(true);
  }, 60_000);

  it('claims: a claim whose COMMIT is lost is given back, and its mail goes out once', async () => {
    const { campaignId } = await scheduledCampaign(ctx, ctx.b, 30, 'lost-claim');
    ctx.clock.advance(2 * 60_000);
    const lost = proxy.commitsLost();
    proxy.loseCommits(1);
    await expect(dispatchDue({ deps: { ...deps, mailer: mailerThen(() => {}) } })).rejects.toThrow();
    expect(proxy.commitsLost()).toBe(lost + 1);
    // Given back at once: a sibling lane may already have claimed and sent them; none waits on a lease.
    expect((await statusCounts(ctx, campaignId)).counts.sending).toBeUndefined();
    await dispatchDue({ deps: { ...deps, mailer: mailerThen(() => {}) } });
    expect((await statusCounts(ctx, campaignId)).counts).toEqual({ sent: 30 });
    expect(await mailedOnce(campaignId)).toBe(true);
  }, 60_000);
});
