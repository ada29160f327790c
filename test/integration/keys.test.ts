import { describe, expect, it } from 'vitest';
import { route as listAuditLog } from '../../src/routes/audit-log/list.js';
import { route as createKeyRoute } from '../../src/routes/keys/create.js';
import { route as listKeys } from '../../src/routes/keys/list.js';
import { bodyOf } from '../helpers/bodies.js';
import { BACKENDS, show, useTestContext } from '../helpers/test-app.js';

describe.each(BACKENDS)('API keys on %s', (backend) => {
  const ctx = useTestContext(backend);

  const createKey = async (json: unknown) => {
    const res = await ctx.request('/v1/keys', { method: 'POST', key: ctx.a.adminKey, json });
    return { res, body: await bodyOf(res.clone(), createKeyRoute, 201) };
  };

  it('shows the plaintext once, stores only a hash, and lists keys without secrets', async () => {
    const { res, body } = await createKey({ name: 'MA tool', role: 'reader' });
    expect(res.status, await show(res)).toBe(201);
    expect(body.key).toMatch(/^kf_[A-Za-z0-9_-]{43}$/);
    expect(body.key.startsWith(body.prefix)).toBe(true);
    const listed = await (await ctx.request('/v1/keys', { key: ctx.a.adminKey })).text();
    expect(listed).not.toContain(body.key);
    expect(listed).not.toContain(body.key.slice(12));
    expect(ctx.logs.join('\n')).not.toContain(body.key);
  });

  it('refuses an expired key at once and keeps it listed as expired', async () => {
    const expiresAt = new Date(ctx.clock.now().getTime() + 60 * 60_000).toISOString();
    const { body } = await createKey({ name: 'short-lived', role: 'analyst', expiresAt });
    expect(body.expiresAt).toBe(expiresAt);
    expect((await ctx.request('/v1/workspace', { key: body.key })).status).toBe(200);
    ctx.clock.advance(60 * 60_000);
    const res = await ctx.request('/v1/workspace', { key: body.key });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      error: { code: 'unauthorized', message: 'This API key has expired' },
    });
    const list = await bodyOf(await ctx.request('/v1/keys', { key: ctx.a.adminKey }), listKeys);
    expect(list.data.find((k) => k.id === body.id)?.state).toBe('expired');
  });

  it('refuses an expiry in the past', async () => {
    const { res } = await createKey({ name: 'x', role: 'reader', expiresAt: '2020-01-01T00:00:00Z' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'validation_failed' } });
  });

  it('refuses a revoked key at once, records the revocation in the audit log', async () => {
    const { body } = await createKey({ name: 'to revoke', role: 'marketer' });
    expect((await ctx.request('/v1/workspace', { key: body.key })).status).toBe(200);
    const del = await ctx.request(`/v1/keys/${body.id}`, { method: 'DELETE', key: ctx.a.adminKey });
    expect(del.status, await show(del)).toBe(204);
    const res = await ctx.request('/v1/workspace', { key: body.key });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { message: 'This API key has been revoked' } });
    const again = await ctx.request(`/v1/keys/${body.id}`, { method: 'DELETE', key: ctx.a.adminKey });
    expect(again.status).toBe(204);
    const audit = await bodyOf(await ctx.request('/v1/audit-log', { key: ctx.a.adminKey }), listAuditLog);
    const revoked = audit.data.filter((e) => e.action === 'key.revoked' && e.targetId === body.id);
    expect(revoked).toHaveLength(1);
    expect(revoked[0]?.actorKeyId).toBe(ctx.a.adminKeyId);
    expect(audit.data.some((e) => e.action === 'key.created' && e.targetId === body.id)).toBe(true);
  });

  it('will not revoke the last active admin key', async () => {
    const res = await ctx.request(`/v1/keys/${ctx.b.adminKeyId}`, { method: 'DELETE', key: ctx.b.adminKey });
    expect(res.status, await show(res)).toBe(409);
    expect((await ctx.request('/v1/workspace', { key: ctx.b.adminKey })).status).toBe(200);
    // With a second admin key the first may go.
    const second = await ctx.request('/v1/keys', {
      method: 'POST',
      key: ctx.b.adminKey,
      json: { name: 'second admin', role: 'admin' },
    });
    const { key } = await bodyOf(second, createKeyRoute, 201);
    const del = await ctx.request(`/v1/keys/${ctx.b.adminKeyId}`, { method: 'DELETE', key });
    expect(del.status, await show(del)).toBe(204);
    expect((await ctx.request('/v1/workspace', { key: ctx.b.adminKey })).status).toBe(401);
  });

  it('pages through the audit log with a cursor', async () => {
    for (let i = 0; i < 3; i++) await createKey({ name: `page ${i}`, role: 'reader' });
    const first = await bodyOf(
      await ctx.request('/v1/audit-log?limit=2', { key: ctx.a.adminKey }),
      listAuditLog,
    );
    expect(first.data).toHaveLength(2);
    const second = await bodyOf(
      await ctx.request(`/v1/audit-log?limit=2&cursor=${first.nextCursor}`, { key: ctx.a.adminKey }),
      listAuditLog,
    );
    expect((second.data[0]?.id ?? 'z') < (first.data[1]?.id ?? '')).toBe(true);
  });
});
