import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { connectPostgres, queryRows } from '../../src/db/client.js';
import { createLogger } from '../../src/log.js';
import { createSendgridMailer } from '../../src/mail/sendgrid-mailer.js';
import { runDueWork } from '../../src/services/due-work.js';
import { BACKENDS, scrape, show, testConfig, useTestContext } from '../helpers/test-app.js';

describe.each(BACKENDS)('operations on %s', (backend) => {
  const ctx = useTestContext(backend);

  it('/healthz reports the database', async () => {
    const res = await ctx.request('/healthz');
    expect(res.status, await show(res)).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('/metrics speaks Prometheus text with workspace and key gauges', async () => {
    const res = await scrape(ctx);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^# TYPE kaifu_workspaces gauge$/m);
    expect(text).toMatch(/^kaifu_workspaces 2$/m);
    expect(text).toMatch(/^kaifu_api_keys_active \d+$/m);
    expect(text).toMatch(/^kaifu_up 1$/m);
    for (const status of ['scheduled', 'held', 'sending', 'uncertain']) {
      expect(text).toMatch(new RegExp(`^kaifu_messages\\{status="${status}"\\} \\d+$`, 'm'));
    }
    expect(text).toMatch(/^kaifu_dispatch_lag_seconds 0$/m);
    // Hits are stored as they come in tests: nothing is buffered, so there is no buffer to report.
    expect(text).not.toContain('kaifu_tracking_hits_waiting');
  });

  it('/metrics reports how long the oldest due message has waited', async () => {
    const campaign = { id: crypto.randomUUID() };
    const now = ctx.clock.now();
    await ctx.db.handle.db.execute(
      sql`insert into messages (workspace_id, id, campaign_id, contact_id, status, timezone, scheduled_at, due_at)
          values (${ctx.a.workspaceId}, gen_random_uuid(), ${campaign.id}, gen_random_uuid(), 'scheduled', 'UTC',
                  ${now.toISOString()}::timestamptz - interval '90 seconds',
                  ${now.toISOString()}::timestamptz - interval '90 seconds'),
                 (${ctx.a.workspaceId}, gen_random_uuid(), ${campaign.id}, gen_random_uuid(), 'scheduled', 'UTC',
                  ${now.toISOString()}::timestamptz + interval '1 hour',
                  ${now.toISOString()}::timestamptz + interval '1 hour')`,
    );
    const text = await (await scrape(ctx)).text();
    expect(text).toMatch(/^kaifu_messages\{status="scheduled"\} 2$/m);
    expect(text).toMatch(/^kaifu_dispatch_lag_seconds 90$/m);
  });

  it('/metrics needs the operator’s KAIFU_METRICS_TOKEN; without one set it is closed, not public', async () => {
    const closed = createApp(ctx.makeDeps({ config: testConfig({ metricsToken: undefined }) }));
    const res = await closed.request('/metrics');
    expect(res.status, await show(res)).toBe(401);
    expect(await res.json()).toMatchObject({
      error: { code: 'unauthorized', message: expect.stringMatching(/KAIFU_METRICS_TOKEN/) },
    });
    expect(
      await (await closed.request('/metrics', { headers: { Authorization: 'Bearer ' } })).text(),
    ).not.toMatch(/kaifu_/);
    const app = createApp(ctx.makeDeps({ config: testConfig({ metricsToken: 'scrape-me-scrape-me-0001' }) }));
    expect((await app.request('/metrics')).status).toBe(401);
    for (const wrong of ['Bearer scrape-me', 'Bearer scrape-me-scrape-me-0002', 'scrape-me-scrape-me-0001']) {
      expect((await app.request('/metrics', { headers: { Authorization: wrong } })).status, wrong).toBe(401);
    }
    // A workspace's admin key is no metrics credential: metrics span every workspace.
    expect(
      (await app.request('/metrics', { headers: { Authorization: `Bearer ${ctx.a.adminKey}` } })).status,
    ).toBe(401);
    const ok = await app.request('/metrics', {
      headers: { Authorization: 'Bearer scrape-me-scrape-me-0001' },
    });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/^kaifu_up 1$/m);
  });

  it('serves the OpenAPI 3.1 document and the interactive reference', async () => {
    const doc = (await (await ctx.request('/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/keys', '/v1/keys/{id}', '/v1/workspace']),
    );
    expect(doc.components.securitySchemes.apiKey).toBeDefined();
    const docs = await ctx.request('/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('/openapi.json');
  });

  it('runDueWork drops expired idempotency records and old rate-limit windows, and nothing else', async () => {
    await ctx.request('/v1/keys', {
      method: 'POST',
      key: ctx.a.adminKey,
      json: { name: 'due work', role: 'reader' },
      headers: { 'Idempotency-Key': 'due-1' },
    });
    const count = async (table: string) =>
      (
        await queryRows<{ n: number }>(ctx.db.handle.db, sql.raw(`select count(*)::int as n from ${table}`))
      )[0]?.n;
    expect(await count('idempotency_records')).toBe(1);
    expect(await count('rate_limit_windows')).toBeGreaterThan(0);

    const early = await runDueWork({ deps: ctx.deps, now: ctx.clock.now() });
    expect(early).toMatchObject({ expiredIdempotencyRecords: 0, expiredRateLimitWindows: 0 });

    const later = new Date(ctx.clock.now().getTime() + 25 * 60 * 60_000);
    const report = await runDueWork({ deps: ctx.deps, now: later });
    expect(report.expiredIdempotencyRecords).toBe(1);
    expect(report.expiredRateLimitWindows).toBeGreaterThan(0);
    expect(await count('idempotency_records')).toBe(0);
    expect(await count('rate_limit_windows')).toBe(0);
    expect(await count('api_keys')).toBeGreaterThanOrEqual(3);
  });
});

describe('when the database is unreachable', () => {
  it('answers 503 with the standard body, on /healthz and on API routes', async () => {
    // Port 1 on loopback: nothing listens, so every connection is refused at once.
    const down = connectPostgres('postgres://postgres:x@127.0.0.1:1/none', { max: 1 });
    const logs: string[] = [];
    const app = createApp({
      db: down.db,
      analyticsDb: down.db,
      mailer: createSendgridMailer({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 1000 }),
      clock: { now: () => new Date() },
      config: testConfig(),
      log: createLogger('warn', (line) => logs.push(line)),
      recordHit: async () => {},
    });
    const health = await app.request('/healthz');
    expect(health.status, await show(health)).toBe(503);
    expect(health.headers.get('retry-after')).toBe('5');
    expect(await health.json()).toMatchObject({ error: { code: 'unavailable' } });
    const api = await app.request('/v1/workspace', {
      headers: { Authorization: 'Bearer kf_whatever_whatever_whatever' },
    });
    expect(api.status, await show(api)).toBe(503);
    expect(logs.some((line) => line.includes('"database unavailable"'))).toBe(true);
    await down.close();
  });
});
