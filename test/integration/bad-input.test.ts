import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contacts, links } from '../../src/db/schema/index.js';
import { route as createCampaign } from '../../src/routes/campaigns/create.js';
import { route as contactImport } from '../../src/routes/contacts/import.js';
import { ingestProviderEvents } from '../../src/services/sendgrid/ingest-provider-events.js';
import { createTokenSigner } from '../../src/services/tracking/tokens.js';
import { campaignBody, consent, importContacts, makeList, setSender } from '../helpers/audience.js';
import { bodyOf, errorOf } from '../helpers/bodies.js';
import { sentCampaign } from '../helpers/scheduled-campaign.js';
import { sgEvent, signBatch, webhookKeyPair } from '../helpers/sendgrid-webhook.js';
import { BACKENDS, show, useTestContext } from '../helpers/test-app.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every copy of `value` with one of its strings changed by `change`, with the path of the change. */
function mutations(value: Json, change: (s: string) => string, path = ''): { path: string; value: Json }[] {
  if (typeof value === 'string') return [{ path, value: change(value) }];
  if (Array.isArray(value)) {
    return value.flatMap((item, i) =>
      mutations(item, change, `${path}[${i}]`).map((m) => ({
        path: m.path,
        value: value.map((v, j) => (j === i ? m.value : v)),
      })),
    );
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      mutations(v, change, `${path}.${k}`).map((m) => ({ path: m.path, value: { ...value, [k]: m.value } })),
    );
  }
  return [];
}

const webhookKeys = webhookKeyPair();

describe.each(BACKENDS)('bad input on %s', (backend) => {
  const ctx = useTestContext(backend, { rateLimitPerMinute: 1_000_000 });
  let listId: string;
  let campaignId: string;

  beforeAll(async () => {
    await setSender(ctx, ctx.a);
    const ids = await importContacts(ctx, [{ email: 'known@example.com' }]);
    listId = await makeList(ctx, 'Known', [...ids.values()]);
    const created = await ctx.request('/v1/campaigns', {
      method: 'POST',
      key: ctx.a.adminKey,
      json: campaignBody(listId),
    });
    campaignId = (await bodyOf(created, createCampaign, 201)).id;
  });

  /** Valid requests: each string in them is then given a NUL (or another control character) in turn. */
  const requests = (): { method: string; path: string; json: Json }[] => [
    { method: 'POST', path: '/v1/lists', json: { name: 'Fuzzed', description: 'A list' } },
    { method: 'POST', path: `/v1/lists/${listId}/members`, json: { emails: ['known@example.com'] } },
    { method: 'POST', path: '/v1/campaigns', json: campaignBody(listId, { preheader: undefined }) as Json },
    {
      method: 'PATCH',
      path: `/v1/campaigns/${campaignId}`,
      json: { name: 'Renamed', variants: [{ subject: 'One', preheader: 'Pre' }, { subject: 'Two' }] },
    },
    {
      method: 'PATCH',
      path: '/v1/workspace',
      json: {
        name: 'A',
        defaultTimezone: 'Asia/Tokyo',
        sender: { name: 'Acme', email: 'news@acme.example', postalAddress: '東京都千代田区丸の内1-1-1' },
      },
    },
    { method: 'POST', path: '/v1/keys', json: { name: 'fuzz key', role: 'reader' } },
    {
      method: 'POST',
      path: '/v1/suppressions',
      json: { suppressions: [{ email: 'x@example.com', reason: 'manual' }] },
    },
    { method: 'DELETE', path: '/v1/suppressions', json: { emails: ['x@example.com'] } },
    {
      method: 'PUT',
      path: '/v1/workspace/sendgrid',
      json: { apiKey: 'SG.fuzz-key-0123456789', webhookPublicKeys: [webhookKeys.publicKey] },
    },
    {
      method: 'POST',
      path: '/v1/analysis/compare',
      json: {
        variants: [
          { label: 'A', sends: 100, opens: 10 },
          { label: 'B', sends: 100, opens: 12 },
        ],
      },
    },
    { method: 'POST', path: `/v1/campaigns/${campaignId}/test-send`, json: { emails: ['me@acme.example'] } },
  ];

  it('answers every request with a control character in any text field 400, never 500', async () => {
    for (const request of requests()) {
      for (const bad of ['\u0000', '\u0007', '\u001b[31m']) {
        for (const m of mutations(request.json, (s) => `${s.slice(0, 1)}${bad}${s.slice(1)}`)) {
          const res = await ctx.request(request.path, {
            method: request.method,
            key: ctx.a.adminKey,
            json: m.value,
          });
          const label = `${request.method} ${request.path} ${m.path} ${JSON.stringify(bad)}: ${await show(res)}`;
          expect([400, 422], label).toContain(res.status);
          expect((await errorOf(res)).error.code, label).toMatch(
            /validation_failed|unprocessable|bad_request/,
          );
        }
      }
    }
  });

  it('imports and conversions refuse the row with a control character, and keep the others', async () => {
    const rows = [
      { email: 'fine@example.com', name: 'Fine', consent },
      { email: 'nul@example.com', name: 'Nu\u0000ll', consent },
      { email: 'bell@example.com', company: 'Ring\u0007', consent },
      { email: 'attr@example.com', attributes: { note: 'a\u0000b' }, consent },
      { email: 'src@example.com', consent: { source: 'web\u0000', at: consent.at } },
    ];
    const res = await ctx.request('/v1/contacts', {
      method: 'POST',
      key: ctx.a.adminKey,
      json: { contacts: rows },
    });
    expect(res.status, await show(res)).toBe(200);
    const body = await bodyOf(res, contactImport);
    expect(body.created).toBe(1);
    expect(body.errors.map((e) => e.index)).toEqual([1, 2, 3, 4]);
    const stored = await ctx.db.handle.db
      .select()
      .from(contacts)
      .where(eq(contacts.email, 'fine@example.com'));
    expect(stored).toHaveLength(1);

    const conversions = await ctx.request('/v1/conversions', {
      method: 'POST',
      key: ctx.a.adminKey,
      json: {
        conversions: [
          {
            type: 'meeting',
            email: 'known@example.com',
            occurredAt: '2026-11-20T05:00:00Z',
            externalId: 'ok-1',
          },
          {
            type: 'meeting',
            email: 'known@example.com',
            occurredAt: '2026-11-20T05:00:00Z',
            externalId: 'x\u0000',
          },
        ],
      },
    });
    expect(conversions.status, await show(conversions)).toBe(200);
    expect(await conversions.json()).toMatchObject({ created: 1, errors: [{ index: 1 }] });
  });

  it('answers a control character in any query parameter or path 400, never 500', async () => {
    const doc = (await (await ctx.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const some = '01a00000-0000-7000-8000-000000000000';
    let tried = 0;
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.startsWith('/v1/')) continue;
      for (const [method, op] of Object.entries(methods)) {
        const concrete = path.replace(/\{[^}]+\}/g, some);
        const targets = [
          ...(op.parameters ?? []).filter((p) => p.in === 'query').map((p) => `${concrete}?${p.name}=a%00b`),
          ...(path.includes('{') ? [path.replace(/\{[^}]+\}/, '%00').replace(/\{[^}]+\}/g, some)] : []),
        ];
        for (const target of targets) {
          tried++;
          const res = await ctx.request(target, {
            method: method.toUpperCase(),
            key: ctx.a.adminKey,
            ...(['post', 'put', 'patch', 'delete'].includes(method) ? { json: {} } : {}),
          });
          expect([400, 404, 422], `${method} ${target}: ${await show(res)}`).toContain(res.status);
        }
      }
    }
    expect(tried).toBeGreaterThan(10);
    const res = await ctx.request('/v1/contacts?email=%00', { key: ctx.a.adminKey });
    expect(res.status, await show(res)).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'validation_failed' } });
  });

  it('refuses a campaign link with a line break or control character, naming it', async () => {
    for (const href of [
      'https://acme.example/a&#13;&#10;Set-Cookie: x=1',
      'https://acme.example/a\r\nLocation: https://evil.example',
      'https://acme.example/a\tb',
      'https://acme.example/a b',
    ]) {
      const res = await ctx.request('/v1/campaigns', {
        method: 'POST',
        key: ctx.a.adminKey,
        json: campaignBody(listId, { html: `<p>Hi</p><a href="${href}">Go</a>` }),
      });
      expect(res.status, `${JSON.stringify(href)}: ${await show(res)}`).toBe(400);
      expect(await res.json()).toMatchObject({
        error: { code: 'validation_failed', details: [{ path: 'html' }] },
      });
    }
  });

  it('a link stored with CR/LF before this check answers the invalid-link page on click, not 500', async () => {
    const sent = await sentCampaign(ctx, ctx.b, 1, 'crlf');
    await ctx.db.handle.db
      .update(links)
      .set({ url: 'https://acme.example/a\r\nSet-Cookie: x=1' })
      .where(eq(links.campaignId, sent.campaignId));
    const signer = await createTokenSigner(ctx.deps.config.secret);
    const token = signer.sign({
      kind: 'click',
      workspaceId: ctx.b.workspaceId,
      messageId: sent.messages[0]?.id ?? '',
      link: 0,
    });
    const res = await ctx.request(`/t/c/${token}`);
    expect(res.status, await show(res)).toBe(404);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('<html');
  });

  it('a signed webhook batch with one event nested 20,000 levels deep stores the rest and answers 200, twice', async () => {
    const res0 = await ctx.request('/v1/workspace/sendgrid', {
      method: 'PUT',
      key: ctx.a.adminKey,
      json: { webhookPublicKeys: [webhookKeys.publicKey] },
    });
    expect(res0.status, await show(res0)).toBe(200);
    const t = ctx.clock.now();
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const fine = JSON.stringify(sgEvent('delivered', null, t, { sg_event_id: 'deep-neighbour' }));
    const body = `[{"event":"brand_new","sg_event_id":"deep-1","timestamp":${Math.floor(t.getTime() / 1000)},"x":${deep}},${fine}]`;
    for (let i = 0; i < 2; i++) {
      const res = await ctx.request(`/webhooks/sendgrid/${ctx.a.workspaceId}`, {
        method: 'POST',
        headers: signBatch(webhookKeys.privateKey, body, Math.floor(t.getTime() / 1000)),
        body,
      });
      expect(res.status, await show(res)).toBe(200);
      expect(await res.json()).toMatchObject(
        i === 0 ? { received: 2, stored: 2 } : { received: 2, duplicates: 2 },
      );
    }
    // And through the service directly, for the parsed form of such an event.
    let nested: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 20_000; i++) nested = { a: nested };
    const result = await ingestProviderEvents({
      deps: ctx.deps,
      workspaceId: ctx.a.workspaceId,
      batch: [{ event: 'brand_new', sg_event_id: 'deep-2', timestamp: 1, nested }],
    });
    expect(result).toMatchObject({ received: 1, keptRaw: 1 });
  });
});
