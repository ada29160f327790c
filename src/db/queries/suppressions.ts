import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../client.js';

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
