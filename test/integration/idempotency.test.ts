import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { apiKeys, idempotencyRecords } from '../../src/db/schema/index.js';
import { route as listAuditLog } from '../../src/routes/audit-log/list.js';
import { route as createKey } from '../../src/routes/keys/create.js';
import { bodyOf } from '../helpers/bodies.js';
import { BACKENDS, show, type TestContext, useTestContext } from '../helpers/test-app.js';

type App = ReturnType<typeof createApp>;

const post = (ctx: TestContext, app: App, key: string, json: unknown, apiKey = ctx.a.adminKey) =>
  app.request('/v1/keys', {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${apiKey}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': key,
    },
    body: JSON.stringify(json),
  });

const keysNamed = (ctx: TestContext, name: string) =>
  ctx.db.handle.db.select().from(apiKeys).where(eq(apiKeys.name, name));

describe.each(BACKENDS)('Idempotency-Key on %s', (backend) => {
  const ctx = useTestContext(backend);

  it('replays the first answer for the same key and body, on another app instance too', async () => {
    const other = createApp(ctx.makeDeps({ db: ctx.db.openSecond().db }));
    const first = await post(ctx, ctx.app, 'replay-1', { name: 'replayed', role: 'reader' });
    expect(first.status, await show(first)).toBe(201);
    const second = await post(ctx, other, 'replay-1', { name: 'replayed', role: 'reader' });
    expect(second.status, await show(second)).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const created = await bodyOf(first, createKey, 201);
    expect(await second.json()).toEqual(created);
    expect(await keysNamed(ctx, 'replayed')).toHaveLength(1);
    // The kept answer holds a key's plaintext, so it is stored sealed.
    const [record] = await ctx.db.handle.db.select().from(idempotencyRecords);
    expect(record?.responseBody).toBeTruthy();
    expect(record?.responseBody).not.toContain(created.key);
  });

  it('answers 422 for the same key with another body, and creates nothing', async () => {
    await post(ctx, ctx.app, 'conflict-1', { name: 'conflict', role: 'reader' });
    const res = await post(ctx, ctx.app, 'conflict-1', { name: 'conflict', role: 'admin' });
    expect(res.status, await show(res)).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'idempotency_key_reused' } });
    expect(await keysNamed(ctx, 'conflict')).toHaveLength(1);
  });

  it('scopes keys per workspace: the same key in another workspace is a new request', async () => {
    await post(ctx, ctx.app, 'shared-key', { name: 'scoped', role: 'reader' });
    const res = await ctx.app.request('/v1/keys', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${ctx.b.adminKey}`,
        'Content-Type': 'application/json',
        'Idempotency-Key': 'shared-key',
      },
      body: JSON.stringify({ name: 'scoped', role: 'reader' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('idempotent-replayed')).toBeNull();
    expect(await keysNamed(ctx, 'scoped')).toHaveLength(2);
  });

  it('keeps no validation failure: a client that fixes its body under the same key gets through', async () => {
    const bad = await post(ctx, ctx.app, 'bad-1', { name: '', role: 'reader' });
    expect(bad.status, await show(bad)).toBe(400);
    const again = await post(ctx, ctx.app, 'bad-1', { name: '', role: 'reader' });
    expect(again.status).toBe(400);
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    const fixed = await post(ctx, ctx.app, 'bad-1', { name: 'fixed', role: 'reader' });
    expect(fixed.status, await show(fixed)).toBe(201);
    expect(await keysNamed(ctx, 'fixed')).toHaveLength(1);
  });

  it('belongs to the API key that made it: another key of the workspace never gets its answer', async () => {
    const reader = await ctx.keyFor(ctx.a, 'reader');
    const body = { name: 'ops', role: 'admin' };
    const first = await post(ctx, ctx.app, 'ops-key-1', body);
    expect(first.status, await show(first)).toBe(201);
    const byReader = await post(ctx, ctx.app, 'ops-key-1', body, reader);
    expect(byReader.status, await show(byReader)).toBe(403);
    expect(byReader.headers.get('idempotent-replayed')).toBeNull();
    expect(await byReader.text()).not.toContain((await bodyOf(first.clone(), createKey, 201)).key);
    // Another admin key with the same Idempotency-Key is a request of its own.
    const otherAdmin = await ctx.keyFor(ctx.a, 'admin');
    const second = await bodyOf(
      await ctx.request('/v1/keys', {
        method: 'POST',
        key: otherAdmin,
        json: { name: 'admin 2', role: 'admin' },
      }),
      createKey,
      201,
    );
    const byOther = await post(ctx, ctx.app, 'ops-key-1', body, second.key);
    expect(byOther.status, await show(byOther)).toBe(201);
    expect(byOther.headers.get('idempotent-replayed')).toBeNull();
    expect(await keysNamed(ctx, 'ops')).toHaveLength(2);
  });

  it('checks the role before anything is stored: a refused reader never poisons the key for the admin', async () => {
    const reader = await ctx.keyFor(ctx.a, 'reader');
    const body = { name: 'poison', role: 'admin' };
    const refused = await post(ctx, ctx.app, 'poison-1', body, reader);
    expect(refused.status, await show(refused)).toBe(403);
    const admin = await post(ctx, ctx.app, 'poison-1', body);
    expect(admin.status, await show(admin)).toBe(201);
    expect(admin.headers.get('idempotent-replayed')).toBeNull();
    expect(await keysNamed(ctx, 'poison')).toHaveLength(1);
  });

  it('a replay carries its own request id and the rate-limit headers, and replayed key creation is audited', async () => {
    const body = { name: 'audited', role: 'reader' };
    const first = await post(ctx, ctx.app, 'audit-1', body);
    expect(first.status, await show(first)).toBe(201);
    const replay = await post(ctx, ctx.app, 'audit-1', body);
    expect(replay.status, await show(replay)).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const requestId = replay.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    expect(requestId).not.toBe(first.headers.get('x-request-id'));
    expect(replay.headers.get('ratelimit-limit')).toBeTruthy();
    expect(replay.headers.get('ratelimit-remaining')).toBeTruthy();
    expect(replay.headers.get('content-type')).toContain('application/json');
    const audit = await bodyOf(await ctx.request('/v1/audit-log', { key: ctx.a.adminKey }), listAuditLog);
    const replayed = audit.data.find((e) => e.action === 'request.replayed' && e.requestId === requestId);
    expect(replayed, JSON.stringify(audit.data.slice(0, 5))).toMatchObject({
      details: { method: 'POST', path: '/v1/keys', status: 201 },
    });
  });

  it('forgets the key after 24 hours', async () => {
    await post(ctx, ctx.app, 'old-1', { name: 'aged', role: 'reader' });
    ctx.clock.advance(24 * 60 * 60_000 + 1000);
    const res = await post(ctx, ctx.app, 'old-1', { name: 'aged', role: 'reader' });
    expect(res.status).toBe(201);
    expect(res.headers.get('idempotent-replayed')).toBeNull();
    expect(await keysNamed(ctx, 'aged')).toHaveLength(2);
  });

  it('refuses an unusable Idempotency-Key header', async () => {
    const res = await post(ctx, ctx.app, 'x'.repeat(300), { name: 'long', role: 'reader' });
    expect(res.status).toBe(400);
  });

  it('concurrent first requests from two app instances create one key; the second sees 409 or the replay', async () => {
    const other = createApp(ctx.makeDeps({ db: ctx.db.openSecond().db }));
    const body = { name: 'concurrent', role: 'reader' };
    const [r1, r2] = await Promise.all([
      post(ctx, ctx.app, 'race-1', body),
      post(ctx, other, 'race-1', body),
    ]);
    const statuses = [r1.status, r2.status].sort();
    expect(
      [
        [201, 201],
        [201, 409],
      ],
      `${await show(r1)} / ${await show(r2)}`,
    ).toContainEqual(statuses);
    expect(await keysNamed(ctx, 'concurrent')).toHaveLength(1);
  });
});

describe('Idempotency-Key while the first request runs, on postgres', () => {
  const ctx = useTestContext('postgres');

  // Needs a second connection holding a lock, which single-connection PGlite cannot have.
  it('answers 409 while the first request is still running', async () => {
    // Hold the first request inside its insert by locking the table from another connection.
    const blocker = ctx.db.openSecond();
    const other = createApp(ctx.makeDeps({ db: ctx.db.openSecond().db }));
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const locked = new Promise<void>((resolveLocked) => {
      void blocker.db.transaction(async (tx) => {
        await tx.execute(sql`lock table api_keys in exclusive mode`);
        resolveLocked();
        await released;
      });
    });
    await locked;
    const body = { name: 'slow', role: 'reader' };
    const first = post(ctx, ctx.app, 'running-1', body);
    // Wait until the first request holds its claim.
    for (let i = 0; i < 100; i++) {
      const rows = await ctx.db.handle.db.execute(
        sql`select 1 from idempotency_records where key = 'running-1'`,
      );
      if ((rows as unknown as unknown[]).length > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const second = await post(ctx, other, 'running-1', body);
    expect(second.status, await show(second)).toBe(409);
    expect(second.headers.get('retry-after')).toBe('1');
    expect(await second.json()).toMatchObject({ error: { code: 'idempotency_in_progress' } });
    release();
    expect((await first).status).toBe(201);
    const replay = await post(ctx, other, 'running-1', body);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await keysNamed(ctx, 'slow')).toHaveLength(1);
  });
});
