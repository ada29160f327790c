import type { contacts } from '../../db/schema/index.js';

type ContactRow = typeof contacts.$inferSelect;

export function presentContact(row: ContactRow) {
  return {
    id: row.id,
    email: row.email ?? '',
    name: row.name,
    company: row.company,
    timezone: row.timezone,
    leadSource: row.leadSource,
    consent:
      row.consentSource && row.consentAt
        ? { source: row.consentSource, at: row.consentAt.toISOString() }
        : null,
    status: row.status,
    attributes: row.attributes,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type ContactView = ReturnType<typeof presentContact>;
