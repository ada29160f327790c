import { describe, expect, it } from 'vitest';
import { route as getContact } from '../../src/routes/contacts/get.js';
import { route as listLists } from '../../src/routes/lists/list.js';
import { route as listSuppressions } from '../../src/routes/suppressions/list.js';
import { importContacts, makeList } from '../helpers/audience.js';
import { bodyOf } from '../helpers/bodies.js';
import { BACKENDS, show, useTestContext } from '../helpers/test-app.js';

describe.each(BACKENDS)('lists and suppressions on %s', (backend) => {
  const ctx = useTestContext(backend);
  const key = () => ctx.a.adminKey;

  it('creates lists with unique names and counts members', async () => {
    const ids = await importContacts(ctx, [
      { email: 'l1@example.com' },
      { email: 'l2@example.com' },
      { email: 'l3@example.com' },
    ]);
    const listId = await makeList(ctx, 'Newsletter', []);
    const dup = await ctx.request('/v1/lists', { method: 'POST', key: key(), json: { name: 'Newsletter' } });
    expect(dup.status, await show(dup)).toBe(409);

    const byId = await ctx.request(`/v1/lists/${listId}/members`, {
      method: 'POST',
      key: key(),
      json: { contactIds: [ids.get('l1@example.com'), '01a00000-0000-7000-8000-000000000000'] },
    });
    expect(await byId.json()).toEqual({
      added: 1,
      alreadyMembers: 0,
      notFound: ['01a00000-0000-7000-8000-000000000000'],
    });
    const byEmail = await ctx.request(`/v1/lists/${listId}/members`, {
      method: 'POST',
      key: key(),
      json: { emails: ['L1@example.com', 'l2@example.com', 'ghost@example.com'] },
    });
    expect(await byEmail.json()).toEqual({ added: 1, alreadyMembers: 1, notFound: ['ghost@example.com'] });
    const both = await ctx.request(`/v1/lists/${listId}/members`, {
      method: 'POST',
      key: key(),
      json: { emails: ['x@example.com'], contactIds: [] },
    });
    expect(both.status).toBe(400);

    const list = await (await ctx.request(`/v1/lists/${listId}`, { key: key() })).json();
    expect(list).toMatchObject({ name: 'Newsletter', members: 2, activeMembers: 2 });

    const removed = await ctx.request(`/v1/lists/${listId}/members`, {
      method: 'DELETE',
      key: key(),
      json: { emails: ['l2@example.com', 'l3@example.com'] },
    });
    expect(await removed.json()).toEqual({ removed: 1, notMembers: 1, notFound: [] });
    const all = await bodyOf(await ctx.request('/v1/lists', { key: key() }), listLists);
    expect(all.data.find((l) => l.id === listId)?.members).toBe(1);
    expect((await ctx.request(`/v1/lists/${listId}`, { key: ctx.b.adminKey })).status).toBe(404);
    const bAdd = await ctx.request(`/v1/lists/${listId}/members`, {
      method: 'POST',
      key: ctx.b.adminKey,
      json: { emails: ['l3@example.com'] },
    });
    expect(bAdd.status).toBe(404);
  });

  it('suppresses addresses, stops matching contacts, shows and lifts suppressions', async () => {
    const ids = await importContacts(ctx, [{ email: 's1@example.com' }, { email: 's2@example.com' }]);
    const listId = await makeList(ctx, 'Suppression list', [...ids.values()]);
    const res = await ctx.request('/v1/suppressions', {
      method: 'POST',
      key: key(),
      json: {
        suppressions: [
          { email: 'S1@example.com', reason: 'bounced' },
          { email: 'never-a-contact@example.com' },
        ],
      },
    });
    expect(res.status, await show(res)).toBe(200);
    expect(await res.json()).toEqual({ added: 2, alreadySuppressed: 0, contactsUpdated: 1 });
    const again = await ctx.request('/v1/suppressions', {
      method: 'POST',
      key: key(),
      json: { suppressions: [{ email: 's1@example.com', reason: 'complained' }] },
    });
    expect(await again.json()).toEqual({ added: 0, alreadySuppressed: 1, contactsUpdated: 0 });

    const contact = await bodyOf(
      await ctx.request(`/v1/contacts/${ids.get('s1@example.com')}`, { key: key() }),
      getContact,
    );
    expect(contact.status).toBe('bounced');
    expect(await (await ctx.request(`/v1/lists/${listId}`, { key: key() })).json()).toMatchObject({
      activeMembers: 1,
    });

    const listed = await bodyOf(await ctx.request('/v1/suppressions', { key: key() }), listSuppressions);
    expect(listed.data).toHaveLength(2);
    expect(listed.data.find((s) => s.email === 's1@example.com')?.reason).toBe('bounced');
    // Addresses without a contact are kept only as a hash.
    expect(listed.data.find((s) => s.email === null)?.emailHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(listed)).not.toContain('never-a-contact');
    const one = await bodyOf(
      await ctx.request('/v1/suppressions?email=never-a-contact@example.com', { key: key() }),
      listSuppressions,
    );
    expect(one.data).toHaveLength(1);
    const otherWorkspace = await bodyOf(
      await ctx.request('/v1/suppressions', { key: ctx.b.adminKey }),
      listSuppressions,
    );
    expect(otherWorkspace.data).toHaveLength(0);

    const lifted = await ctx.request('/v1/suppressions', {
      method: 'DELETE',
      key: key(),
      json: { emails: ['s1@example.com', 'unknown@example.com'] },
    });
    expect(await lifted.json()).toEqual({ removed: 1, notSuppressed: 1, contactsReactivated: 1 });
    const back = await bodyOf(
      await ctx.request(`/v1/contacts/${ids.get('s1@example.com')}`, { key: key() }),
      getContact,
    );
    expect(back.status).toBe('active');
    const audit = await (await ctx.request('/v1/audit-log', { key: key() })).text();
    expect(audit).toContain('suppressions.removed');
  });
});
