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

/** Consent "given" later than now by more than clock skew is a mistake in the data, not consent. */
const CONSENT_SKEW_MS = 5 * 60_000;

/** The address a row names, valid or not: the last row naming an address decides for it. */
function addressOf(row: unknown): string | null {
  const email = (row as { email?: unknown } | null)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : null;
}

/**
 * Bulk upsert by email. Each row is checked alone: valid rows are stored, invalid ones come back with their
 * index and reason. Where rows repeat an address, the last decides: it is imported, or, refused, the address is
 * not imported at all (an earlier row's consent is never lent to a later row without it). Fields a row leaves
 * out (or sends as null) keep their stored values; attributes merge. A new address needs consent, given by now;
 * a suppressed one is stored with the status its suppression implies.
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
  const now = deps.clock.now();
  const errors: RowError[] = [];
  const lastRow = new Map<string, number>();
  const valid = new Map<number, ContactInput>();
  rows.forEach((row, index) => {
    const address = addressOf(row);
    if (address) lastRow.set(address, index);
    const parsed = ContactInput.safeParse(row);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ index, path: issue.path.join('.'), reason: issue.message });
      return;
    }
    const consentAt = parsed.data.consent ? Date.parse(parsed.data.consent.at) : null;
    if (consentAt !== null && consentAt > now.getTime() + CONSENT_SKEW_MS) {
      errors.push({
        index,
        path: 'consent.at',
        reason: 'is in the future: consent is recorded when it was given',
      });
      return;
    }
    valid.set(index, parsed.data);
  });

  // Each address's last row, when valid; new addresses without consent are refused.
  const byEmail = new Map<string, { index: number; input: ContactInput }>();
  for (const [email, index] of lastRow) {
    const input = valid.get(index);
    if (input) byEmail.set(email, { index, input });
  }
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
  // Earlier valid rows of a repeated address: replaced by the last, or not imported with it.
  for (const [index, input] of valid) {
    const last = lastRow.get(input.email) ?? index;
    if (last === index) continue;
    errors.push({
      index,
      path: 'email',
      reason: byEmail.has(input.email)
        ? `replaced by row ${last}, which has the same address: the last row for an address is the one imported`
        : `not imported: row ${last} has the same address and is refused, and the last row for an address decides`,
    });
  }

  const salt = await workspaceSalt({ db: deps.db, workspaceId });
  const hashes = new Map<string, string>();
  await Promise.all([...byEmail.keys()].map(async (e) => hashes.set(e, await emailHash(salt, e))));
  const suppressedReason = new Map<string, (typeof suppressions.$inferSelect)['reason']>();
  for (const part of chunks([...hashes.values()])) {
    for (const f of await suppressionReasons(deps.db, workspaceId, part))
      suppressedReason.set(f.hash, f.reason);
  }

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
