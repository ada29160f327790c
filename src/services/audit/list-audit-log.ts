import { auditEntriesBefore } from '../../db/queries/audit.js';
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
  const rows = await auditEntriesBefore(deps.db, workspaceId, { cursor, limit: limit + 1 });
  const page = rows.slice(0, limit);
  return { data: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
