import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../client.js';
import { auditLog } from '../schema/index.js';

type AuditRow = typeof auditLog.$inferSelect;

/** Stores one audit entry; the caller runs it in the transaction that makes the change it records. */
export async function insertAuditEntry(db: Db, values: typeof auditLog.$inferInsert): Promise<void> {
  await db.insert(auditLog).values(values);
}

/** Up to `limit` of the workspace's audit entries, newest first, before `cursor`. */
export async function auditEntriesBefore(
  db: Db,
  workspaceId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<AuditRow[]> {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.workspaceId, workspaceId), page.cursor ? lt(auditLog.id, page.cursor) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(page.limit);
}
