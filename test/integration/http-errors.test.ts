import { describe, expect, it } from 'vitest';
import { API_BODY_LIMIT } from '../../src/app.js';
import { errorOf, validationDetailsOf } from '../helpers/bodies.js';
import { BACKENDS, show, useTestContext } from '../helpers/test-app.js';

describe.each(BACKENDS)('HTTP error bodies on %s', (backend) => {
  const ctx = useTestContext(backend);

  const postKeys = (body: BodyInit, contentType?: string) =>
    ctx.request('/v1/keys', {
      method: 'POST',
      key: ctx.a.adminKey,
      body,
      headers: contentType ? { 'Content-Type': contentType } : {},
    });

  async function expectError(res: Response, status: number, code: string) {
    expect(res.status, await res.clone().text()).toBe(status);
    const body = await errorOf(res);
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(0);
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
    return body;
  }

  it('malformed JSON → 400 bad_request', async () => {
    const body = await expectError(await postKeys('{"name": "x", ', 'application/json'), 400, 'bad_request');
    expect(body.error.message).toMatch(/JSON/);
  });

  it('wrong types → 400 validation_failed with field details', async () => {
    const body = await expectError(
      await postKeys(JSON.stringify({ name: 42, role: 'owner', extra: true }), 'application/json'),
      400,
      'validation_failed',
    );
    const details = validationDetailsOf(body);
    expect(details.map((d) => d.path)).toEqual(expect.arrayContaining(['name', 'role']));
    expect(details.every((d) => d.in === 'json')).toBe(true);
  });

  it('wrong content type → 415', async () => {
    await expectError(
      await postKeys('name=x&role=reader', 'application/x-www-form-urlencoded'),
      415,
      'unsupported_media_type',
    );
    await expectError(
      await postKeys('{"name":"x","role":"reader"}', 'text/plain'),
      415,
      'unsupported_media_type',
    );
  });

  it('oversized body → 413 and nothing stored', async () => {
    const huge = JSON.stringify({ name: 'x'.repeat(API_BODY_LIMIT + 10), role: 'reader' });
    await expectError(await postKeys(huge, 'application/json'), 413, 'payload_too_large');
    const list = await (await ctx.request('/v1/keys', { key: ctx.a.adminKey })).text();
    expect(list).not.toContain('xxxxxxxxxx');
  });

  it('bad path parameters and query strings → 400', async () => {
    await expectError(
      await ctx.request('/v1/keys/not-a-uuid', { method: 'DELETE', key: ctx.a.adminKey }),
      400,
      'validation_failed',
    );
    await expectError(
      await ctx.request('/v1/audit-log?limit=0', { key: ctx.a.adminKey }),
      400,
      'validation_failed',
    );
  });

  it('unknown routes → 404 in the same shape', async () => {
    await expectError(await ctx.request('/v1/nothing-here', { key: ctx.a.adminKey }), 404, 'not_found');
    await expectError(await ctx.request('/nothing'), 404, 'not_found');
  });

  it('keeps a caller’s X-Request-Id and makes one otherwise', async () => {
    const mine = await ctx.request('/healthz', { headers: { 'X-Request-Id': 'trace-abc-123' } });
    expect(mine.headers.get('x-request-id')).toBe('trace-abc-123');
    const made = await ctx.request('/healthz');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(ctx.logs.some((l) => l.includes('trace-abc-123'))).toBe(true);
  });

  it('logs JSON lines without API keys', async () => {
    await ctx.request('/v1/workspace', { key: ctx.a.adminKey });
    for (const line of ctx.logs) expect(() => JSON.parse(line)).not.toThrow();
    expect(ctx.logs.join('\n')).not.toContain(ctx.a.adminKey);
    expect(await show(await ctx.request('/v1/workspace', { key: ctx.a.adminKey }))).toMatch(/^200/);
  });
});
