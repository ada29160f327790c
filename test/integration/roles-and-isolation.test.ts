import { describe, expect, it } from 'vitest';
import { route as listAuditLog } from '../../src/routes/audit-log/list.js';
import { route as createKey } from '../../src/routes/keys/create.js';
import { route as listKeys } from '../../src/routes/keys/list.js';
import { route as getWorkspace } from '../../src/routes/workspace/get.js';
import { Role } from '../../src/services/keys/roles.js';
import { bodyOf, errorOf } from '../helpers/bodies.js';
import { BACKENDS, show, useTestContext } from '../helpers/test-app.js';

type Operation = { 'x-kaifu-role'?: Role; requestBody?: unknown };
type OpenApiDoc = { paths: Record<string, Record<string, Operation>> };

describe.each(BACKENDS)('roles and workspaces on %s', (backend) => {
  const ctx = useTestContext(backend);

  async function operations() {
    const doc = (await (await ctx.request('/openapi.json')).json()) as OpenApiDoc;
    return Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
  }

  const concrete = (path: string) => path.replace(/\{[^}]+\}/g, '01a00000-0000-7000-8000-000000000000');

  it('publishes a required role for every /v1 route', async () => {
    const v1 = (await operations()).filter((o) => o.path.startsWith('/v1/'));
    expect(v1.length).toBeGreaterThanOrEqual(6);
    for (const { path, method, op } of v1) {
      expect(Role.options, `${method} ${path}`).toContain(op['x-kaifu-role']);
    }
  });

  it('enforces each route’s role: below it 403, at or above it never 401/403', async () => {
    for (const { path, method, op } of await operations()) {
      const needed = op['x-kaifu-role'];
      if (!needed) continue;
      for (const role of Role.options) {
        const res = await ctx.request(concrete(path), {
          method,
          key: await ctx.keyFor(ctx.a, role),
          ...(op.requestBody ? { json: {} } : {}),
        });
        const allowed = Role.options.indexOf(role) >= Role.options.indexOf(needed);
        const label = `${role} on ${method} ${path}: ${await show(res)}`;
        if (allowed) expect([401, 403], label).not.toContain(res.status);
        else {
          expect(res.status, label).toBe(403);
          expect(await res.json()).toMatchObject({ error: { code: 'forbidden' } });
        }
      }
    }
  });

  it('answers 401 on every /v1 route without a key, with an unknown key, or a malformed header', async () => {
    for (const { path, method } of (await operations()).filter((o) => o.path.startsWith('/v1/'))) {
      for (const authorization of [undefined, 'Bearer kf_unknown_unknown_unknown_unknown', 'Basic abc']) {
        const res = await ctx.request(concrete(path), {
          method,
          headers: authorization ? { Authorization: authorization } : {},
        });
        expect(res.status, `${method} ${path} with ${authorization}: ${await show(res)}`).toBe(401);
        const body = await errorOf(res);
        expect(body.error.code).toBe('unauthorized');
        expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
      }
    }
  });

  it('keeps workspaces apart: another workspace’s key ids answer 404 and lists show only their own', async () => {
    const created = await ctx.request('/v1/keys', {
      method: 'POST',
      key: ctx.a.adminKey,
      json: { name: 'A analyst', role: 'analyst' },
    });
    expect(created.status, await show(created)).toBe(201);
    const aKey = await bodyOf(created, createKey, 201);

    const revokeFromB = await ctx.request(`/v1/keys/${aKey.id}`, { method: 'DELETE', key: ctx.b.adminKey });
    expect(revokeFromB.status, await show(revokeFromB)).toBe(404);
    expect(await revokeFromB.json()).toMatchObject({ error: { code: 'not_found' } });

    const bList = await bodyOf(await ctx.request('/v1/keys', { key: ctx.b.adminKey }), listKeys);
    expect(bList.data.map((k) => k.id)).not.toContain(aKey.id);
    expect(bList.data.map((k) => k.id)).toContain(ctx.b.adminKeyId);

    const bWorkspace = await bodyOf(
      await ctx.request('/v1/workspace', { key: ctx.b.adminKey }),
      getWorkspace,
    );
    expect(bWorkspace.id).toBe(ctx.b.workspaceId);

    const bAudit = await bodyOf(await ctx.request('/v1/audit-log', { key: ctx.b.adminKey }), listAuditLog);
    expect(bAudit.data.map((e) => e.targetId)).not.toContain(aKey.id);

    // The key still works in its own workspace: B's attempt changed nothing.
    const stillThere = await bodyOf(await ctx.request('/v1/keys', { key: ctx.a.adminKey }), listKeys);
    expect(stillThere.data.find((k) => k.id === aKey.id)?.state).toBe('active');
  });
});
