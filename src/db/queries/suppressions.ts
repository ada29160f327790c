import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../client.js';
import { type contactStatuses, contacts, suppressions, workspaces } from '../schema/index.js';

type SuppressionRow = typeof suppressions.$inferSelect;
type SuppressionReason = SuppressionRow['reason'];

/**
 * Which of these salted email hashes may not be mailed, and why: the suppression's reason (it survives erasure),
 * else the status of a contact that is not active. Hashes missing from the answer may be mailed.
 */
export async function blockedHashes(
  db: Db,
  workspaceId: string,
  hashes: string[],
): Promise<Map<string, string>> {
  if (hashes.length === 0) return new Map();
  const rows = await queryRows<{ hash: string; reason: string }>(
    db,
    sql`select h.hash, coalesce(s.reason, c.status) as reason
        from unnest(${`{${hashes.join(',')}}`}::text[]) as h(hash)
        left join suppressions s on s.workspace_id = ${workspaceId} and s.email_hash = h.hash
        left join contacts c on c.workspace_id = ${workspaceId} and c.email_hash = h.hash and c.status <> 'active'
        where s.email_hash is not null or c.id is not null`,
  );
  return new Map(rows.map((r) => [r.hash, r.reason]));
}

/** The workspace's salt for address hashes, if the workspace exists. */
export async function emailHashSalt(db: Db, workspaceId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ salt: workspaces.emailHashSalt })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return row?.salt;
}

/** Suppresses addresses by hash; answers those newly suppressed (one suppressed already keeps its reason). */
export async function suppressAddresses(
  db: Db,
  values: (typeof suppressions.$inferInsert)[],
): Promise<{ hash: string; reason: SuppressionReason }[]> {
  return db
    .insert(suppressions)
    .values(values)
    .onConflictDoNothing()
    .returning({ hash: suppressions.emailHash, reason: suppressions.reason });
}

/** Which of these hashes the workspace suppresses, and why. */
export async function suppressionReasons(
  db: Db,
  workspaceId: string,
  hashes: string[],
): Promise<{ hash: string; reason: SuppressionReason }[]> {
  return db
    .select({ hash: suppressions.emailHash, reason: suppressions.reason })
    .from(suppressions)
    .where(and(eq(suppressions.workspaceId, workspaceId), inArray(suppressions.emailHash, hashes)));
}

/** Gives the workspace's active contacts holding these hashes a status; answers the contacts changed. */
export async function stopActiveContactsByHash(
  db: Db,
  workspaceId: string,
  hashes: string[],
  status: (typeof contactStatuses)[number],
  now: Date,
): Promise<{ id: string }[]> {
  return db
    .update(contacts)
    .set({ status, updatedAt: now })
    .where(
      and(
        eq(contacts.workspaceId, workspaceId),
        inArray(contacts.emailHash, hashes),
        eq(contacts.status, 'active'),
      ),
    )
    .returning({ id: contacts.id });
}

/** Lifts the workspace's suppressions of these hashes; answers the hashes that were suppressed. */
export async function liftSuppressions(db: Db, workspaceId: string, hashes: string[]): Promise<string[]> {
  const removed = await db
    .delete(suppressions)
    .where(and(eq(suppressions.workspaceId, workspaceId), inArray(suppressions.emailHash, hashes)))
    .returning({ hash: suppressions.emailHash });
  return removed.map((r) => r.hash);
}

/** Makes the workspace's contacts holding these hashes active again (erased ones hold no hash); answers them. */
export async function reactivateContactsByHash(
  db: Db,
  workspaceId: string,
  hashes: string[],
  now: Date,
): Promise<{ id: string }[]> {
  return db
    .update(contacts)
    .set({ status: 'active', updatedAt: now })
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.emailHash, hashes)))
    .returning({ id: contacts.id });
}

/**
 * Up to `limit` of the workspace's suppressions (or the one of `hash`) by hash, after `cursor`, each with the
 * contact still holding its address, if any.
 */
export async function suppressionsAfter(
  db: Db,
  workspaceId: string,
  page: { hash?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<{ s: SuppressionRow; email: string | null; contactId: string | null }[]> {
  return db
    .select({ s: suppressions, email: contacts.email, contactId: contacts.id })
    .from(suppressions)
    .leftJoin(
      contacts,
      and(eq(contacts.workspaceId, suppressions.workspaceId), eq(contacts.emailHash, suppressions.emailHash)),
    )
    .where(
      and(
        eq(suppressions.workspaceId, workspaceId),
        page.hash ? eq(suppressions.emailHash, page.hash) : undefined,
        page.cursor ? gt(suppressions.emailHash, page.cursor) : undefined,
      ),
    )
    .orderBy(asc(suppressions.emailHash))
    .limit(page.limit);
}
