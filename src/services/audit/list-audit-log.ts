import { and, desc, eq, lt } from 'drizzle-orm';
import { auditLog } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';

export async function listAuditLog({
  deps,
  workspaceId,
  limit,
  cursor,
}: {
  deps: Deps;
  workspaceId: string;
  limit: number;
  cursor?: string | undefined;
}) {
  const rows = await deps.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.workspaceId, workspaceId), cursor ? lt(auditLog.id, cursor) : undefined))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { data: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
