import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { createSendgridMailer } from '../../src/mail/sendgrid-mailer.js';
import { route as getCampaign } from '../../src/routes/campaigns/get.js';
import { runDueWork } from '../../src/services/due-work.js';
import { bodyOf } from '../helpers/bodies.js';
import { type FakeSendgrid, startFakeSendgrid } from '../helpers/fake-sendgrid.js';
import { killHard, start, stop } from '../helpers/node-process.js';
import { databaseUrl } from '../helpers/postgres.js';
import { webhookKeyPair } from '../helpers/sendgrid-webhook.js';
import { scheduledCampaign, setSendgridKey, statusCounts } from '../helpers/sending.js';
import { useTestContext } from '../helpers/test-app.js';

const HOUR = 3_600_000;

const waitFor = async (what: string, check: () => boolean | Promise<boolean>, ms = 60_000) => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

/**
 * The promise behind every send: each recipient is mailed at most once. A real server process is killed (-9)
 * while SendGrid — slowed — holds batches it has already taken; the server starts again and finishes, and a day
 * passes. No recipient may be mailed twice, and what Kaifu cannot know shows as uncertain.
 */
describe('at most once, across kill -9 (postgres)', () => {
  const ctx = useTestContext('postgres', { rateLimitPerMinute: 1_000_000 });
  let fake: FakeSendgrid;
  let dir = '';
  beforeAll(async () => {
    fake = await startFakeSendgrid();
    dir = mkdtempSync(join(tmpdir(), 'kaifu-at-most-once-'));
  });
  afterAll(async () => {
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a dispatch killed with batches in flight mails nobody twice, after a restart and 25 hours', async () => {
    await setSendgridKey(ctx, ctx.a, [webhookKeyPair().publicKey]);
    const { campaignId } = await scheduledCampaign(ctx, ctx.a, 5000, 'killed');
    const [row] = await queryRows<{ db: string }>(ctx.db.handle.db, sql`select current_database() as db`);
    const env = {
      DATABASE_URL: databaseUrl(row?.db ?? ''),
      KAIFU_SECRET: ctx.deps.config.secret,
      KAIFU_DATA_DIR: dir,
      SENDGRID_API_BASE_URL: fake.baseUrl,
      LOG_LEVEL: 'error',
    };
    // SendGrid takes each request at once and answers 30 s later: the server dies holding them.
    fake.slow(30_000);
    const first = await start(env);
    await waitFor('two batches at SendGrid', () => fake.requests.length >= 2);
    await killHard(first);
    const taken = fake.requests.length;
    expect(taken).toBeGreaterThanOrEqual(2);

    fake.slow(0);
    const second = await start(env);
    try {
      await waitFor('the rest sent', async () => {
        const { counts } = await statusCounts(ctx, campaignId);
        return !counts.scheduled;
      });
    } finally {
      expect(await stop(second)).toBe(0);
    }

    // A day and an hour later: leases long run out, SendGrid's retries over, no event ever came.
    const later = new Date(Date.now() + 25 * HOUR);
    const deps = ctx.makeDeps({
      clock: { now: () => later },
      mailer: createSendgridMailer({ baseUrl: fake.baseUrl, timeoutMs: 5000 }),
    });
    for (let i = 0; i < 2; i++) await runDueWork({ deps, now: later });

    const accepted = fake.acceptedMessageIds();
    const { counts, rows } = await statusCounts(ctx, campaignId);
    expect(rows).toHaveLength(5000);
    expect(rows.every((r) => (accepted.get(r.id) ?? 0) <= 1)).toBe(true);
    expect([...accepted.values()].every((n) => n === 1)).toBe(true);
    // The batches in flight at the kill: taken by SendGrid, unknown to Kaifu, never sent again.
    expect(counts.uncertain).toBeGreaterThanOrEqual(1000);
    expect((counts.sent ?? 0) + (counts.uncertain ?? 0)).toBe(5000);
    expect(fake.requests.length).toBe(taken + (counts.sent ?? 0) / 1000);
    const shown = await bodyOf(
      await ctx.request(`/v1/campaigns/${campaignId}`, { key: ctx.a.adminKey }),
      getCampaign,
    );
    expect(shown.status).toBe('sent');
    expect(shown.progress.uncertain).toBe(counts.uncertain);
  }, 180_000);
});
