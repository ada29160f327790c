import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts, events, messages } from '../../src/db/schema/index.js';
import { uuidv7 } from '../../src/lib/ids.js';
import { route as createCampaign } from '../../src/routes/campaigns/create.js';
import { route as contactImport, ImportContactsResponse } from '../../src/routes/contacts/import.js';
import { route as listContacts } from '../../src/routes/contacts/list.js';
import { route as listSuppressions } from '../../src/routes/suppressions/list.js';
import { campaignBody, consent, importContacts, makeList, setSender } from '../helpers/audience.js';
import { bodyOf, errorOf } from '../helpers/bodies.js';
import { BACKENDS, show, useTestContext } from '../helpers/test-app.js';

describe.each(BACKENDS)('contacts on %s', (backend) => {
  const ctx = useTestContext(backend);
  const post = (json: unknown) => ctx.request('/v1/contacts', { method: 'POST', key: ctx.a.adminKey, json });
  const list = async (query: string) =>
    bodyOf(await ctx.request(`/v1/contacts${query}`, { key: ctx.a.adminKey }), listContacts);

  it('stores the valid rows of a mixed import and reports each invalid one by index', async () => {
    const res = await post({
      contacts: [
        {
          email: 'Sato@Example.jp',
          name: '佐藤 花子',
          timezone: 'Asia/Tokyo',
          leadSource: 'inbound',
          consent,
        },
        { email: 'not-an-email', consent },
        { email: 'mueller@example.de', timezone: 'Europe/Atlantis', consent },
        { email: 'new-without-consent@example.com' },
        { email: 'smith@example.com', leadSource: 'partner', consent },
        { email: 'jones@example.com', favouriteColour: 'blue', consent },
        { email: 'lee@example.com', company: 'Lee Inc', attributes: { plan: 'pro', seats: 12 }, consent },
        'not even an object',
      ],
    });
    expect(res.status, await show(res)).toBe(200);
    const body = await bodyOf(res, contactImport);
    expect(body).toMatchObject({ created: 2, updated: 0, createdSuppressed: 0 });
    expect(body.errors.map((e) => [e.index, e.path])).toEqual([
      [1, 'email'],
      [2, 'timezone'],
      [3, 'consent'],
      [4, 'leadSource'],
      [5, ''],
      [7, ''],
    ]);
    const sato = (await list('?email=sato@example.jp')).data[0];
    expect(sato).toMatchObject({ email: 'sato@example.jp', name: '佐藤 花子', status: 'active' });
    expect((await list('?email=lee@example.com')).data[0]?.attributes).toEqual({ plan: 'pro', seats: 12 });
    expect((await list('?email=mueller@example.de')).data).toHaveLength(0);
  });

  it('updates by email: given fields change, left-out fields and status stay, attributes merge', async () => {
    await post({
      contacts: [{ email: 'lee@example.com', name: 'Dana Lee', attributes: { seats: 15, region: 'EU' } }],
    });
    const lee = (await list('?email=lee@example.com')).data[0];
    expect(lee).toMatchObject({
      name: 'Dana Lee',
      status: 'active',
      attributes: { plan: 'pro', seats: 15, region: 'EU' },
    });
    expect(lee).toMatchObject({ company: 'Lee Inc' });
  });

  it('uses the last of repeated addresses in one request and says so', async () => {
    const res = await post({
      contacts: [
        { email: 'twice@example.com', name: 'First', consent },
        { email: 'TWICE@example.com', name: 'Second', consent },
      ],
    });
    const body = await bodyOf(res, contactImport);
    expect(body.created).toBe(1);
    expect(body.errors).toEqual([
      {
        index: 0,
        path: 'email',
        reason:
          'replaced by row 1, which has the same address: the last row for an address is the one imported',
      },
    ]);
    expect((await list('?email=twice@example.com')).data[0]?.name).toBe('Second');
  });

  it('refuses an address whose last row is refused, naming both rows, and never lends it an earlier consent', async () => {
    const filler = Array.from({ length: 299 }, (_, i) => ({ email: `filler${i}@example.com`, consent }));
    const res = await post({
      contacts: [
        { email: 'revived@example.com', name: 'With consent', consent },
        ...filler,
        { email: 'revived@example.com', name: 'Without consent' },
        { email: 'badzone@example.com', consent },
        { email: 'badzone@example.com', consent, timezone: 'JST' },
      ],
    });
    const body = await bodyOf(res, contactImport);
    expect(body.created).toBe(299);
    expect(body.errors).toEqual([
      {
        index: 0,
        path: 'email',
        reason:
          'not imported: row 300 has the same address and is refused, and the last row for an address decides',
      },
      { index: 300, path: 'consent', reason: 'a new contact needs consent { source, at }' },
      {
        index: 301,
        path: 'email',
        reason:
          'not imported: row 302 has the same address and is refused, and the last row for an address decides',
      },
      {
        index: 302,
        path: 'timezone',
        reason:
          'must be a canonical IANA time zone name such as Asia/Tokyo (not an abbreviation such as JST)',
      },
    ]);
    expect((await list('?email=revived@example.com')).data).toEqual([]);
    expect((await list('?email=badzone@example.com')).data).toEqual([]);
  });

  it('trims addresses, refuses consent given in the future and time zones that are not canonical names', async () => {
    const tomorrow = new Date(ctx.clock.now().getTime() + 86_400_000).toISOString();
    const res = await post({
      contacts: [
        { email: '  Spaced@Example.com \t', consent },
        { email: 'future@example.com', consent: { source: 'form', at: tomorrow } },
        { email: 'est@example.com', consent, timezone: 'EST' },
        { email: 'us@example.com', consent, timezone: 'US/Eastern' },
        { email: 'kolkata@example.com', consent, timezone: 'Asia/Kolkata' },
        { email: 'utc@example.com', consent, timezone: 'UTC' },
      ],
    });
    const body = await bodyOf(res, contactImport);
    expect(body.errors.map((e) => [e.index, e.path])).toEqual([
      [1, 'consent.at'],
      [2, 'timezone'],
      [3, 'timezone'],
    ]);
    expect(body.errors[0]?.reason).toBe('is in the future: consent is recorded when it was given');
    expect(body.created).toBe(3);
    expect((await list('?email=spaced@example.com')).data).toHaveLength(1);
  });

  it('refuses 10,001 contacts in one call and stores none; takes 10,000', async () => {
    const rows = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => ({ email: `${prefix}${i}@bulk.example.com`, consent }));
    const tooMany = await post({ contacts: rows(10_001, 'over') });
    expect(tooMany.status, await show(tooMany)).toBe(400);
    expect(await tooMany.json()).toMatchObject({ error: { code: 'validation_failed' } });
    expect((await list('?email=over0@bulk.example.com')).data).toHaveLength(0);

    const exactly = await post({ contacts: rows(10_000, 'bulk') });
    expect(exactly.status, await show(exactly)).toBe(200);
    expect(await exactly.json()).toMatchObject({ created: 10_000, errors: [] });
  });

  it('answers 422 when no row can be stored', async () => {
    const res = await post({ contacts: [{ email: 'nope' }] });
    expect(res.status).toBe(422);
    // A 422 carries the refused rows as details, in the 200 body's `errors` shape.
    const details = ImportContactsResponse.shape.errors.parse((await errorOf(res)).error.details);
    expect(details[0]?.index).toBe(0);
  });

  it('filters by status, lead source and list, and pages with a cursor', async () => {
    const ids = await importContacts(ctx, [
      { email: 'in1@filter.example', leadSource: 'inbound' },
      { email: 'out1@filter.example', leadSource: 'outbound' },
      { email: 'out2@filter.example', leadSource: 'outbound' },
    ]);
    const listId = await makeList(ctx, 'Filter list', [
      ids.get('out1@filter.example') ?? '',
      ids.get('in1@filter.example') ?? '',
    ]);
    const inList = await list(`?listId=${listId}`);
    expect(inList.data.map((c) => c.email).sort()).toEqual(['in1@filter.example', 'out1@filter.example']);
    const outbound = await list(`?listId=${listId}&leadSource=outbound`);
    expect(outbound.data.map((c) => c.email)).toEqual(['out1@filter.example']);
    const page1 = await list('?limit=2');
    const page2 = await list(`?limit=2&cursor=${page1.nextCursor}`);
    expect(page1.data).toHaveLength(2);
    expect((page2.data[0]?.id ?? '') > (page1.data[1]?.id ?? '')).toBe(true);
    expect((await list('?status=unsubscribed')).data).toHaveLength(0);
  });

  it('keeps contacts per workspace: another workspace’s contact answers 404', async () => {
    const ids = await importContacts(ctx, [{ email: 'private@a.example' }]);
    const id = ids.get('private@a.example') ?? '';
    const fromB = await ctx.request(`/v1/contacts/${id}`, { key: ctx.b.adminKey });
    expect(fromB.status).toBe(404);
    expect((await ctx.request(`/v1/contacts/${id}`, { method: 'DELETE', key: ctx.b.adminKey })).status).toBe(
      404,
    );
    expect((await ctx.request(`/v1/contacts/${id}`, { key: ctx.a.adminKey })).status).toBe(200);
    const bList = await bodyOf(await ctx.request('/v1/contacts', { key: ctx.b.adminKey }), listContacts);
    expect(bList.data).toHaveLength(0);
  });

  it('erases personal data at once, and a re-import of the address stays suppressed', async () => {
    await setSender(ctx, ctx.a);
    const ids = await importContacts(ctx, [
      { email: 'erase-me@example.com', name: 'Erin', company: 'Private Co', attributes: { note: 'x' } },
      { email: 'stays@example.com' },
    ]);
    const id = ids.get('erase-me@example.com') ?? '';
    const listId = await makeList(ctx, 'Erasure list', [...ids.values()]);
    const created = await ctx.request('/v1/campaigns', {
      method: 'POST',
      key: ctx.a.adminKey,
      json: campaignBody(listId),
    });
    const campaign = await bodyOf(created, createCampaign, 201);
    const at = new Date(ctx.clock.now().getTime() + 3600_000).toISOString();
    const scheduled = await ctx.request(`/v1/campaigns/${campaign.id}/schedule`, {
      method: 'POST',
      key: ctx.a.adminKey,
      json: { schedule: { type: 'at', at } },
    });
    expect(scheduled.status, await show(scheduled)).toBe(200);
    const [message] = await ctx.db.handle.db
      .select()
      .from(messages)
      .where(and(eq(messages.contactId, id), eq(messages.campaignId, campaign.id)));
    await ctx.db.handle.db.insert(events).values({
      workspaceId: ctx.a.workspaceId,
      id: uuidv7(),
      messageId: message?.id,
      type: 'open',
      source: 'pixel',
      occurredAt: ctx.clock.now(),
      ip: '203.0.113.9',
      userAgent: 'Mozilla/5.0',
      raw: { email: 'erase-me@example.com' },
    });

    const erased = await ctx.request(`/v1/contacts/${id}`, { method: 'DELETE', key: ctx.a.adminKey });
    expect(erased.status, await show(erased)).toBe(204);
    expect((await ctx.request(`/v1/contacts/${id}`, { key: ctx.a.adminKey })).status).toBe(404);
    const [row] = await ctx.db.handle.db.select().from(contacts).where(eq(contacts.id, id));
    expect(row).toMatchObject({
      email: null,
      emailHash: null,
      name: null,
      company: null,
      attributes: {},
      consentSource: null,
    });
    expect(row?.erasedAt).not.toBeNull();
    const [event] = await ctx.db.handle.db
      .select()
      .from(events)
      .where(eq(events.messageId, message?.id ?? ''));
    expect(event).toMatchObject({ ip: null, userAgent: null, raw: null, type: 'open' });
    const [after] = await ctx.db.handle.db
      .select()
      .from(messages)
      .where(eq(messages.id, message?.id ?? ''));
    expect(after?.status).toBe('cancelled');
    const audit = await (await ctx.request('/v1/audit-log', { key: ctx.a.adminKey })).text();
    expect(audit).toContain('contact.erased');
    expect(audit).not.toContain('erase-me@example.com');

    // The address comes back in an import: stored, but never mailed.
    const again = await post({ contacts: [{ email: 'erase-me@example.com', consent }] });
    expect(await again.json()).toMatchObject({ created: 1, createdSuppressed: 1 });
    const reimported = (await list('?email=erase-me@example.com')).data[0];
    expect(reimported?.status).toBe('unsubscribed');
    expect(reimported?.id).not.toBe(id);
    const suppressed = await bodyOf(
      await ctx.request('/v1/suppressions?email=erase-me@example.com', { key: ctx.a.adminKey }),
      listSuppressions,
    );
    expect(suppressed.data).toMatchObject([{ reason: 'erased', contactId: reimported?.id }]);
  });
});
