import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { route as listAuditLog } from '../../src/routes/audit-log/list.js';
import { bodyOf, errorOf, validationDetailsOf } from '../helpers/bodies.js';
import { BACKENDS, show, useTestContext } from '../helpers/test-app.js';

describe.each(BACKENDS)('workspace settings on %s', (backend) => {
  const ctx = useTestContext(backend);

  it('shows the workspace id and settings to any role', async () => {
    const res = await ctx.request('/v1/workspace', { key: await ctx.keyFor(ctx.a, 'reader') });
    expect(res.status, await show(res)).toBe(200);
    expect(await res.json()).toMatchObject({
      id: ctx.a.workspaceId,
      name: 'A',
      defaultTimezone: 'UTC',
      sender: null,
      sendgrid: { configured: false, webhookKeys: 0, openTracking: true },
    });
  });

  it('updates name, zone and sender identity, and audits the change', async () => {
    const sender = {
      name: 'Kaifu 営業部',
      email: 'news@example.co.jp',
      postalAddress: '東京都千代田区1-1-1',
    };
    const res = await ctx.request('/v1/workspace', {
      method: 'PATCH',
      key: ctx.a.adminKey,
      json: { name: 'A 株式会社', defaultTimezone: 'Asia/Tokyo', sender },
    });
    expect(res.status, await show(res)).toBe(200);
    expect(await res.json()).toMatchObject({ name: 'A 株式会社', defaultTimezone: 'Asia/Tokyo', sender });
    const read = await (await ctx.request('/v1/workspace', { key: ctx.a.adminKey })).json();
    expect(read).toMatchObject({ defaultTimezone: 'Asia/Tokyo', sender });
    const other = await (await ctx.request('/v1/workspace', { key: ctx.b.adminKey })).json();
    expect(other).toMatchObject({ name: 'B', defaultTimezone: 'UTC', sender: null });
    const audit = await bodyOf(await ctx.request('/v1/audit-log', { key: ctx.a.adminKey }), listAuditLog);
    expect(audit.data[0]).toMatchObject({ action: 'workspace.updated' });
    // The audit schema declares details as any record; the fields list is checked as strings, not cast to them.
    expect(z.array(z.string()).parse(audit.data[0]?.details.fields).sort()).toEqual([
      'defaultTimezone',
      'name',
      'sender',
    ]);
  });

  it.each([
    [{ defaultTimezone: 'Mars/Olympus' }, 'defaultTimezone'],
    [{ sender: { name: 'x', email: 'not-an-email', postalAddress: 'Somewhere 1' } }, 'sender.email'],
    [{ unknown: true }, ''],
    [{}, ''],
  ])('refuses %o', async (json, path) => {
    const res = await ctx.request('/v1/workspace', { method: 'PATCH', key: ctx.a.adminKey, json });
    expect(res.status, await show(res)).toBe(400);
    const body = await errorOf(res);
    expect(body.error.code).toBe('validation_failed');
    expect(validationDetailsOf(body).map((d) => d.path)).toContain(path);
  });
});
