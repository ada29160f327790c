import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { Validator } from '@seriousme/openapi-schema-validator';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { paths } from '../generated/kaifu-api.js';
import { importContacts, makeList } from '../helpers/audience.js';
import { GENERATED_TYPES, generatedTypes, kaifuDocument } from '../helpers/openapi.js';
import { sentCampaign } from '../helpers/scheduled-campaign.js';
import { useTestContext } from '../helpers/test-app.js';

type Schema = {
  $ref?: string;
  description?: string;
  example?: unknown;
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  additionalProperties?: Schema | boolean;
};
type Operation = {
  operationId?: string;
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};

const PUBLIC_URL = 'https://kaifu.sales.acme.co.jp';
const doc = kaifuDocument(PUBLIC_URL) as unknown as {
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })),
);

/** Every property of every response body, by where it stands (each named schema walked once). */
function responseProperties(): { at: string; schema: Schema }[] {
  const found: { at: string; schema: Schema }[] = [];
  const seen = new Set<string>();
  const named = (ref: string) => doc.components.schemas[ref.split('/').pop() ?? ''] ?? {};
  const walk = (schema: Schema | undefined, at: string) => {
    if (!schema) return;
    if (schema.$ref) {
      const name = schema.$ref.split('/').pop() ?? '';
      if (seen.has(name)) return;
      seen.add(name);
      walk(named(schema.$ref), name);
      return;
    }
    for (const part of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
      walk(part, at);
    walk(schema.items, `${at}[]`);
    if (typeof schema.additionalProperties === 'object') walk(schema.additionalProperties, `${at}{}`);
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      const described =
        property.description ?? (property.$ref ? named(property.$ref).description : undefined);
      found.push({ at: `${at}.${key}`, schema: { ...property, description: described } });
      walk(property, `${at}.${key}`);
    }
  };
  for (const { name, op } of operations) {
    for (const [status, response] of Object.entries(op.responses)) {
      for (const content of Object.values(response.content ?? {})) walk(content.schema, `${name} ${status}`);
    }
  }
  return found;
}

// The statistics a reader acts on: each needs an example beside its description.
const STATISTICS =
  /\.(rate|typicalRate|shrunkRate|ci|lower|upper|probability\w*|expectedLoss|adjustedPValue|pValue|effect|basis|lift)$/;

describe('the OpenAPI document as a contract', () => {
  it('is valid OpenAPI 3.1 by the official JSON schema', async () => {
    const result = await new Validator().validate(structuredClone(doc));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('passes Redocly’s recommended rules with no error, and only the warnings its design explains', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: 'openapi.json',
      config,
    });
    const listed = problems.map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer ?? ''}`);
    expect(
      listed.filter((p) => p.startsWith('error')),
      listed.join('\n'),
    ).toEqual([]);
    expect(listed.sort()).toEqual(
      [
        // The pixel answers the GIF whatever the token: a recipient's mail client must never see an error.
        'warn operation-4xx-response #/paths/~1t~1o~1{token}/get/responses',
        // A good tracked link is a redirect, never a 2xx.
        'warn operation-2xx-response #/paths/~1t~1c~1{token}/get/responses',
        // Liveness either answers or the database is down (503): there is no request to get wrong.
        'warn operation-4xx-response #/paths/~1healthz/get/responses',
      ].sort(),
    );
  });

  it('names every operation once, declares its security, and serves from KAIFU_PUBLIC_URL', () => {
    const ids = operations.map(({ name, op }) => op.operationId ?? `(none on ${name})`);
    expect(ids.filter((id) => id.startsWith('(none'))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operations.filter(({ op }) => op.security === undefined).map(({ name }) => name)).toEqual([]);
    for (const path of ['/healthz', '/webhooks/sendgrid/{workspaceId}', '/t/o/{token}', '/u/{token}']) {
      for (const op of Object.values(doc.paths[path] ?? {})) expect(op.security, path).toEqual([]);
    }
    expect(doc.servers).toEqual([expect.objectContaining({ url: PUBLIC_URL })]);
  });

  it('describes every property of every response, with an example on every statistic', () => {
    const properties = responseProperties();
    expect(properties.length).toBeGreaterThan(400);
    expect(properties.filter((p) => !p.schema.description).map((p) => p.at)).toEqual([]);
    const statistics = properties.filter((p) => STATISTICS.test(p.at));
    expect(statistics.length).toBeGreaterThan(30);
    expect(statistics.filter((p) => p.schema.example === undefined).map((p) => p.at)).toEqual([]);
  });

  it('matches the committed generated types (npm run openapi:types rewrites them)', async () => {
    expect(await readFile(GENERATED_TYPES, 'utf8'), 'run `npm run openapi:types`').toBe(
      await generatedTypes(),
    );
  });
});

/**
 * A marketing-automation tool's flow through a client generated from the document, against a running server:
 * a reader key, a lead's send time by email, the list's send times.
 */
describe('a generated client against the running server (postgres)', () => {
  const ctx = useTestContext('postgres');
  let server: ServerType;
  let baseUrl = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => {
      server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve());
    });
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('creates a reader key, finds a lead’s send time by email and the list’s send times', async () => {
    const { campaignId } = await sentCampaign(ctx, ctx.a, 2, 'typed');
    const ids = await importContacts(ctx, [{ email: 'ma-lead@example.com', timezone: 'Asia/Tokyo' }]);
    const listId = await makeList(ctx, 'MA list', [...ids.values()]);
    const admin = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${ctx.a.adminKey}` } });

    const created = await admin.POST('/v1/keys', { body: { name: 'MA tool', role: 'reader' } });
    expect(created.response.status, JSON.stringify(created.error)).toBe(201);
    const readerKey = created.data?.key ?? '';
    const reader = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${readerKey}` } });

    const lead = await reader.GET('/v1/send-times/contact', {
      params: { query: { email: 'MA-Lead@example.com', listId } },
    });
    expect(lead.response.status, JSON.stringify(lead.error)).toBe(200);
    expect(lead.data).toMatchObject({ contactId: ids.get('ma-lead@example.com'), timezone: 'Asia/Tokyo' });
    expect(lead.data?.hour).toBeGreaterThanOrEqual(0);
    expect(lead.response.headers.get('X-Request-Id')).toBeTruthy();
    expect(lead.response.headers.get('RateLimit-Remaining')).toMatch(/^\d+$/);

    const times = await reader.GET('/v1/send-times', { params: { query: { listId } } });
    expect(times.response.status, JSON.stringify(times.error)).toBe(200);
    expect(times.data?.listId).toBe(listId);

    const unknown = await reader.GET('/v1/send-times/contact', {
      params: { query: { email: 'nobody@example.com' } },
    });
    expect(unknown.response.status).toBe(404);
    expect(unknown.error?.error.code).toBe('not_found');

    // A reader may not widen its reach: the generated client sees the 403 the document declares.
    const refused = await reader.GET('/v1/campaigns/{id}/report', { params: { path: { id: campaignId } } });
    expect(refused.response.status).toBe(403);
  });

  it('serves Swagger UI’s own files and nothing else under /docs/assets', async () => {
    const css = await fetch(`${baseUrl}/docs/assets/swagger-ui.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    for (const name of [
      'constructor',
      '__proto__',
      'toString',
      'package.json',
      '..%2Fpackage.json',
      'index.html',
    ]) {
      const res = await fetch(`${baseUrl}/docs/assets/${name}`);
      expect(res.status, name).toBe(404);
    }
    const page = await (await fetch(`${baseUrl}/docs`)).text();
    // Swagger UI would otherwise fetch a badge from validator.swagger.io on any non-local host.
    expect(page).toContain('validatorUrl: null');
  });

  it('replays a POST with the same Idempotency-Key and says so in the declared header', async () => {
    const admin = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${ctx.a.adminKey}` } });
    const send = () =>
      admin.POST('/v1/lists', {
        body: { name: 'Replayed' },
        params: { header: { 'Idempotency-Key': 'list-once' } },
      });
    const first = await send();
    const again = await send();
    expect(first.response.status).toBe(201);
    expect(again.response.status).toBe(201);
    expect(again.data?.id).toBe(first.data?.id);
    expect(first.response.headers.get('Idempotent-Replayed')).toBeNull();
    expect(again.response.headers.get('Idempotent-Replayed')).toBe('true');
    // The same key with another body is the 422 the document declares, with its error body.
    const other = await admin.POST('/v1/lists', {
      body: { name: 'Another body' },
      params: { header: { 'Idempotency-Key': 'list-once' } },
    });
    expect(other.response.status).toBe(422);
    expect(other.error).toMatchObject({ error: { code: expect.any(String) } });
    const keyed = operations.filter(({ op }) => op.parameters?.some((p) => p.name === 'Idempotency-Key'));
    expect(keyed.length).toBeGreaterThan(10);
    expect(
      keyed.filter(({ op }) => !op.responses['409'] || !op.responses['422']).map(({ name }) => name),
    ).toEqual([]);
  });
});
