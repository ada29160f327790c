import { contactsAfter, findLiveContact } from '../../db/queries/contacts.js';
import type { contactStatuses, leadSources } from '../../db/schema/index.js';
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
  const rows = await contactsAfter(
    deps.db,
    workspaceId,
    { ...filters, email: filters.email ? normalizeEmail(filters.email) : undefined },
    { cursor, limit: limit + 1 },
  );
  const page = rows.slice(0, limit).map(presentContact);
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
  const row = await findLiveContact(deps.db, workspaceId, { id: contactId });
  if (!row) throw notFound('Contact');
  return presentContact(row);
}
