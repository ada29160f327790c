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

  it('malformed JSON says where the parser stopped; an empty body says it is empty', async () => {
    const broken = await expectError(
      await postKeys('{"name": "x", ', 'application/json'),
      400,
      'bad_request',
    );
    expect(broken.error.message).toMatch(/^Malformed JSON in request body: .*JSON/);
    const empty = await expectError(await postKeys('', 'application/json'), 400, 'bad_request');
    expect(empty.error.message).toBe(
      'The request body is empty: send a JSON object, with Content-Type: application/json',
    );
  });

  it('a missing field is named with what it takes, not as a JSON problem', async () => {
    const body = await expectError(
      await ctx.request('/v1/contacts', { method: 'POST', key: ctx.a.adminKey, json: {} }),
      400,
      'validation_failed',
    );
    expect(body.error.message).toBe('contacts: required, an array of 1 to 10,000 contacts');
    const query = await expectError(
      await ctx.request('/v1/audit-log?limit=0', { key: ctx.a.adminKey }),
      400,
      'validation_failed',
    );
    expect(query.error.message).toBe('query parameter limit: expected a whole number from 1 to 500, got 0');
    const several = await expectError(
      await postKeys(JSON.stringify({ name: 42, role: 'owner' }), 'application/json'),
      400,
      'validation_failed',
    );
    expect(several.error.message).toMatch(
      /^name: expected a string of 1 to \d+ characters, got 42 \(and 1 more; see details\)$/,
    );
    expect(validationDetailsOf(several).find((d) => d.path === 'role')?.message).toMatch(
      /^expected one of "reader"/,
    );
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

  it('wrong content type → 415 saying to send application/json', async () => {
    const form = await expectError(
      await postKeys('name=x&role=reader', 'application/x-www-form-urlencoded'),
      415,
      'unsupported_media_type',
    );
    expect(form.error.message).toBe(
      'Content-Type application/x-www-form-urlencoded is not accepted here: send the body as JSON, with Content-Type: application/json',
    );
    const none = await expectError(
      await ctx.request('/v1/keys', {
        method: 'POST',
        key: ctx.a.adminKey,
        body: new TextEncoder().encode('{"name":"x"}'),
      }),
      415,
      'unsupported_media_type',
    );
    expect(none.error.message).toMatch(/^The request has no Content-Type: send the body as JSON/);
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
