import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { at, createdAt, id, updatedAt, workspaceId } from './columns.js';

export const contactStatuses = ['active', 'unsubscribed', 'bounced', 'complained'] as const;
export const leadSources = ['inbound', 'outbound'] as const;

export const contacts = pgTable(
  'contacts',
  {
    workspaceId: workspaceId(),
    id: id(),
    // Lower-cased on write; null once the contact is erased (the row stays for anonymous counts).
    email: text('email'),
    // Salted like suppressions' hashes, so sending can join a contact to its suppression in SQL.
    emailHash: text('email_hash'),
    name: text('name'),
    company: text('company'),
    timezone: text('timezone'),
    leadSource: text('lead_source', { enum: leadSources }),
    consentSource: text('consent_source'),
    consentAt: at('consent_at'),
    status: text('status', { enum: contactStatuses }).notNull().default('active'),
    attributes: jsonb('attributes').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    erasedAt: at('erased_at'),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex('contacts_email_idx').on(t.workspaceId, t.email),
    index('contacts_email_hash_idx').on(t.workspaceId, t.emailHash),
    check('contacts_status_check', sql`${t.status} in ('active', 'unsubscribed', 'bounced', 'complained')`),
  ],
);

export const lists = pgTable(
  'lists',
  {
    workspaceId: workspaceId(),
    id: id(),
    name: text('name').notNull(),
    description: text('description'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const listMembers = pgTable(
  'list_members',
  {
    workspaceId: workspaceId(),
    listId: uuid('list_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    addedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.listId, t.contactId] }),
    index('list_members_contact_idx').on(t.workspaceId, t.contactId),
  ],
);

// Keyed by a salted hash so a suppression outlives the erasure of the contact it came from.
export const suppressions = pgTable(
  'suppressions',
  {
    workspaceId: workspaceId(),
    emailHash: text('email_hash').notNull(),
    reason: text('reason', {
      enum: ['unsubscribed', 'bounced', 'complained', 'manual', 'erased'],
    }).notNull(),
    source: text('source'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.emailHash] })],
);
