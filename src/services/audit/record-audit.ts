import type { Db } from '../../db/client.js';
import { insertAuditEntry } from '../../db/queries/audit.js';
import { uuidv7 } from '../../lib/ids.js';

export interface AuditEntry {
  workspaceId: string;
  actorKeyId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
  at: Date;
}

/** Records an admin action; call it inside the transaction that makes the change, so neither exists alone. */
export async function recordAudit({ db, entry }: { db: Db; entry: AuditEntry }): Promise<void> {
  await insertAuditEntry(db, {
    workspaceId: entry.workspaceId,
    id: uuidv7(entry.at.getTime()),
    actorKeyId: entry.actorKeyId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: entry.details ?? {},
    requestId: entry.requestId ?? null,
    createdAt: entry.at,
  });
}
