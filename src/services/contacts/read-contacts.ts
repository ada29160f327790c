import { and, asc, eq, gt, isNull, type SQL } from 'drizzle-orm';
import { type contactStatuses, contacts, type leadSources, listMembers } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { normalizeEmail } from '../suppressions/email-hash.js';
import { presentContact } from './present-contact.js';

export interface ContactFilters {
  email?: string | undefined;
  status?: (typeof contactStatuses)[number] | undefined;
  listId?: string | undefined;
  leadSource?: (typeof leadSources)[number] | undefined;
}

/** A page of the workspace's contacts (erased ones are gone), oldest first, after `cursor`. */
export async function listContacts({
  deps,
  workspaceId,
  filters,
  limit,
  cursor,
}: {
  deps: Deps;
  workspaceId: string;
  filters: ContactFilters;
  limit: number;
  cursor?: string | undefined;
}) {
  const conditions: (SQL | undefined)[] = [
    eq(contacts.workspaceId, workspaceId),
    isNull(contacts.erasedAt),
    cursor ? gt(contacts.id, cursor) : undefined,
    filters.email ? eq(contacts.email, normalizeEmail(filters.email)) : undefined,
    filters.status ? eq(contacts.status, filters.status) : undefined,
    filters.leadSource ? eq(contacts.leadSource, filters.leadSource) : undefined,
  ];
  const base = deps.db.select({ contact: contacts }).from(contacts);
  const query = filters.listId
    ? base.innerJoin(
        listMembers,
        and(
          eq(listMembers.workspaceId, contacts.workspaceId),
          eq(listMembers.contactId, contacts.id),
          eq(listMembers.listId, filters.listId),
        ),
      )
    : base;
  const rows = await query
    .where(and(...conditions))
    .orderBy(asc(contacts.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit).map((r) => presentContact(r.contact));
  return { data: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

export async function getContact({
  deps,
  workspaceId,
  contactId,
}: {
  deps: Deps;
  workspaceId: string;
  contactId: string;
}) {
  const [row] = await deps.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId), isNull(contacts.erasedAt)));
  if (!row) throw notFound('Contact');
  return presentContact(row);
}
