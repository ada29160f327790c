import { existingEmails, upsertContacts } from '../../db/queries/contacts.js';
import { suppressionReasons } from '../../db/queries/suppressions.js';
import type { suppressions } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { uuidv7 } from '../../lib/ids.js';
import { emailHash, workspaceSalt } from '../suppressions/email-hash.js';
import { statusForSuppression } from '../suppressions/status-for.js';
import { ContactInput } from './contact-input.js';

export const MAX_CONTACTS_PER_IMPORT = 10_000;
const CHUNK = 1000;

export interface RowError {
  index: number;
  path: string;
  reason: string;
}

export interface ImportResult {
  created: number;
  updated: number;
  /** New contacts stored as unsubscribed, bounced or complained because their address is suppressed. */
  createdSuppressed: number;
  errors: RowError[];
}

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Bulk upsert by email. Each row is checked alone: valid rows are stored, invalid ones come back with their
 * index and reason. Fields a row leaves out (or sends as null) keep their stored values; attributes merge.
 * A new address needs consent; a suppressed one is stored with the status its suppression implies.
 */
export async function importContacts({
  deps,
  workspaceId,
  rows,
}: {
  deps: Deps;
  workspaceId: string;
  rows: unknown[];
}): Promise<ImportResult> {
  const errors: RowError[] = [];
  const byEmail = new Map<string, { index: number; input: ContactInput }>();
  rows.forEach((row, index) => {
    const parsed = ContactInput.safeParse(row);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ index, path: issue.path.join('.'), reason: issue.message });
      return;
    }
    const earlier = byEmail.get(parsed.data.email);
    if (earlier) {
      errors.push({
        index: earlier.index,
        path: 'email',
        reason: `repeated at index ${index}, which is used instead`,
      });
    }
    byEmail.set(parsed.data.email, { index, input: parsed.data });
  });

  const emails = [...byEmail.keys()];
  const existing = new Set<string>();
  for (const part of chunks(emails)) {
    for (const email of await existingEmails(deps.db, workspaceId, part)) existing.add(email);
  }
  for (const [email, { index, input }] of byEmail) {
    if (!existing.has(email) && !input.consent) {
      errors.push({ index, path: 'consent', reason: 'a new contact needs consent { source, at }' });
      byEmail.delete(email);
    }
  }

  const salt = await workspaceSalt({ db: deps.db, workspaceId });
  const hashes = new Map<string, string>();
  await Promise.all([...byEmail.keys()].map(async (e) => hashes.set(e, await emailHash(salt, e))));
  const suppressedReason = new Map<string, (typeof suppressions.$inferSelect)['reason']>();
  for (const part of chunks([...hashes.values()])) {
    for (const f of await suppressionReasons(deps.db, workspaceId, part))
      suppressedReason.set(f.hash, f.reason);
  }

  const now = deps.clock.now();
  const values = [...byEmail.entries()].map(([email, { input }]) => {
    const hash = hashes.get(email) ?? '';
    const reason = suppressedReason.get(hash);
    return {
      workspaceId,
      id: uuidv7(now.getTime()),
      email,
      emailHash: hash,
      name: input.name ?? null,
      company: input.company ?? null,
      timezone: input.timezone ?? null,
      leadSource: input.leadSource ?? null,
      consentSource: input.consent?.source ?? null,
      consentAt: input.consent ? new Date(input.consent.at) : null,
      status: reason ? statusForSuppression(reason) : ('active' as const),
      attributes: input.attributes ?? {},
      createdAt: now,
      updatedAt: now,
    };
  });

  const result: ImportResult = { created: 0, updated: 0, createdSuppressed: 0, errors };
  for (const part of chunks(values)) {
    const written = await upsertContacts(deps.db, part, now);
    for (const w of written) {
      if (w.inserted) {
        result.created++;
        if (w.status !== 'active') result.createdSuppressed++;
      } else result.updated++;
    }
  }
  result.errors.sort((a, b) => a.index - b.index);
  return result;
}
