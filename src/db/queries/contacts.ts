import { and, asc, eq, gt, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  type contactStatuses,
  contacts,
  events,
  type leadSources,
  listMembers,
  messages,
} from '../schema/index.js';

/**
 * Contacts: reading them page by page, the bulk upsert of an import, and what erasure and a stop (unsubscribe,
 * erasure) write. Erased contacts keep their row for anonymous counts; every read here leaves them out.
 */

type ContactRow = typeof contacts.$inferSelect;
type ContactStatus = (typeof contactStatuses)[number];

/** A contact named by its id, or by its (normalized) address. */
export type ContactRef = { id: string } | { email: string };

/** The workspace's contact, unless erased; `forUpdate` locks its row for the rest of the transaction. */
export async function findLiveContact(
  db: Db,
  workspaceId: string,
  ref: ContactRef,
  options: { forUpdate?: boolean } = {},
): Promise<ContactRow | undefined> {
  const named = 'id' in ref ? eq(contacts.id, ref.id) : eq(contacts.email, ref.email);
  const query = db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), named, isNull(contacts.erasedAt)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/** What a page of contacts may be narrowed to; `email` already normalized. */
export interface ContactPageFilters {
  email?: string | undefined;
  status?: ContactStatus | undefined;
  listId?: string | undefined;
  leadSource?: (typeof leadSources)[number] | undefined;
}

/** Up to `limit` of the workspace's unerased contacts matching the filters, by id, after `cursor`. */
export async function contactsAfter(
  db: Db,
  workspaceId: string,
  filters: ContactPageFilters,
  page: { cursor?: string | undefined; limit: number },
): Promise<ContactRow[]> {
  const conditions: (SQL | undefined)[] = [
    eq(contacts.workspaceId, workspaceId),
    isNull(contacts.erasedAt),
    page.cursor ? gt(contacts.id, page.cursor) : undefined,
    filters.email ? eq(contacts.email, filters.email) : undefined,
    filters.status ? eq(contacts.status, filters.status) : undefined,
    filters.leadSource ? eq(contacts.leadSource, filters.leadSource) : undefined,
  ];
  const base = db.select({ contact: contacts }).from(contacts);
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
    .limit(page.limit);
  return rows.map((r) => r.contact);
}

/** The workspace's unerased contacts named by these ids or (normalized) addresses: their ids and addresses. */
export async function findLiveContacts(
  db: Db,
  workspaceId: string,
  refs: { ids: string[] } | { emails: string[] },
): Promise<{ id: string; email: string | null }[]> {
  return db
    .select({ id: contacts.id, email: contacts.email })
    .from(contacts)
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        isNull(contacts.erasedAt),
        'emails' in refs ? inArray(contacts.email, refs.emails) : inArray(contacts.id, refs.ids),
      ),
    );
}

/** Which of these addresses the workspace holds a contact for already (erased contacts hold none). */
export async function existingEmails(db: Db, workspaceId: string, emails: string[]): Promise<string[]> {
  const found = await db
    .select({ email: contacts.email })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.email, emails)));
  return found.flatMap((f) => (f.email ? [f.email] : []));
}

/**
 * Inserts contacts, or updates the one holding each address; answers per row whether it was new and its
 * status. An update keeps what a row leaves out (null) and merges attributes.
 */
export async function upsertContacts(
  db: Db,
  values: (typeof contacts.$inferInsert)[],
  now: Date,
): Promise<{ inserted: boolean; status: ContactStatus }[]> {
  return db
    .insert(contacts)
    .values(values)
    .onConflictDoUpdate({
      target: [contacts.workspaceId, contacts.email],
      // Keep what a row leaves out; never change status here: only unsubscribes, bounces and suppressions do.
      set: {
        name: sql`coalesce(excluded.name, ${contacts.name})`,
        company: sql`coalesce(excluded.company, ${contacts.company})`,
        timezone: sql`coalesce(excluded.timezone, ${contacts.timezone})`,
        leadSource: sql`coalesce(excluded.lead_source, ${contacts.leadSource})`,
        consentSource: sql`coalesce(excluded.consent_source, ${contacts.consentSource})`,
        consentAt: sql`coalesce(excluded.consent_at, ${contacts.consentAt})`,
        attributes: sql`${contacts.attributes} || excluded.attributes`,
        updatedAt: now,
      },
    })
    .returning({ inserted: sql<boolean>`xmax = 0`, status: contacts.status });
}

/** Sets a contact's status (a stop: unsubscribed, bounced, complained). */
export async function setContactStatus(
  db: Db,
  workspaceId: string,
  contactId: string,
  status: ContactStatus,
  now: Date,
): Promise<void> {
  await db
    .update(contacts)
    .set({ status, updatedAt: now })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
}

/** Blanks a contact's personal fields and marks it erased, with the status it keeps for counts. */
export async function blankErasedContact(
  db: Db,
  workspaceId: string,
  contactId: string,
  status: ContactStatus,
  now: Date,
): Promise<void> {
  await db
    .update(contacts)
    .set({
      email: null,
      emailHash: null,
      name: null,
      company: null,
      timezone: null,
      consentSource: null,
      consentAt: null,
      attributes: {},
      status,
      erasedAt: now,
      updatedAt: now,
    })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, contactId)));
}

/** Forgets the IPs, user agents and raw provider payloads of every event of the contact's messages. */
export async function forgetEventDetailsOf(db: Db, workspaceId: string, contactId: string): Promise<void> {
  const theirMessages = db
    .select({ id: messages.id })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.contactId, contactId)));
  await db
    .update(events)
    .set({ ip: null, userAgent: null, raw: null })
    .where(and(eq(events.workspaceId, workspaceId), inArray(events.messageId, theirMessages)));
}

/** Cancels the contact's messages not yet sent (scheduled or held), saying why in last_error. */
export async function cancelUnsentMail(
  db: Db,
  workspaceId: string,
  contactId: string,
  why: string,
): Promise<void> {
  await db
    .update(messages)
    .set({ status: 'cancelled', lastError: why })
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        eq(messages.contactId, contactId),
        inArray(messages.status, ['scheduled', 'held']),
      ),
    );
}
