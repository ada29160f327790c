import { and, eq, inArray } from 'drizzle-orm';
import { expect } from 'vitest';
import { contacts } from '../../src/db/schema/index.js';
import { route as createList } from '../../src/routes/lists/create.js';
import type { CreatedWorkspace } from '../../src/services/workspaces/create-workspace.js';
import { bodyOf } from './bodies.js';
import { show, type TestContext } from './test-app.js';

// Given before any test clock (the earliest is March 2026): consent dated in the future is refused.
export const consent = { source: 'webinar-2025-10', at: '2025-10-01T10:00:00Z' };

/** Imports contacts through the API and returns their ids by email. */
export async function importContacts(
  ctx: TestContext,
  rows: Record<string, unknown>[],
  workspace: CreatedWorkspace = ctx.a,
): Promise<Map<string, string>> {
  const res = await ctx.request('/v1/contacts', {
    method: 'POST',
    key: workspace.adminKey,
    json: { contacts: rows.map((r) => ({ consent, ...r })) },
  });
  expect(res.status, await show(res)).toBe(200);
  const emails = rows.map((r) => String(r.email).toLowerCase());
  const found = await ctx.db.handle.db
    .select({ id: contacts.id, email: contacts.email })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspace.workspaceId), inArray(contacts.email, emails)));
  const byEmail = new Map(found.map((f) => [f.email ?? '', f.id]));
  // In the order of the rows given.
  return new Map(emails.filter((e) => byEmail.has(e)).map((e) => [e, byEmail.get(e) ?? '']));
}

/** A list holding the given contacts; returns its id. */
export async function makeList(
  ctx: TestContext,
  name: string,
  contactIds: string[],
  workspace: CreatedWorkspace = ctx.a,
): Promise<string> {
  const res = await ctx.request('/v1/lists', { method: 'POST', key: workspace.adminKey, json: { name } });
  expect(res.status, await show(res)).toBe(201);
  const { id } = await bodyOf(res, createList, 201);
  if (contactIds.length > 0) {
    const added = await ctx.request(`/v1/lists/${id}/members`, {
      method: 'POST',
      key: workspace.adminKey,
      json: { contactIds },
    });
    expect(added.status, await show(added)).toBe(200);
  }
  return id;
}

export async function setSender(ctx: TestContext, workspace: CreatedWorkspace, defaultTimezone = 'UTC') {
  const res = await ctx.request('/v1/workspace', {
    method: 'PATCH',
    key: workspace.adminKey,
    json: {
      defaultTimezone,
      sender: { name: 'Acme 営業部', email: 'news@acme.example', postalAddress: '東京都千代田区丸の内1-1-1' },
    },
  });
  expect(res.status, await show(res)).toBe(200);
}

export function campaignBody(listId: string, overrides: Record<string, unknown> = {}) {
  return {
    name: 'November nurture',
    listId,
    from: { email: 'news@acme.example', name: 'Acme' },
    html: '<p>Hello {{name}}</p><a href="https://acme.example/offer">Offer</a>',
    text: 'Hello {{name}}',
    variants: [{ subject: 'Our November update' }, { subject: 'What is new this November?' }],
    ...overrides,
  };
}
