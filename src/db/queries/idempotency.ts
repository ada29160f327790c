import { and, eq, sql } from 'drizzle-orm';
import type { IdempotencyScope } from '../../services/idempotency/idempotency.js';
import { type Db, queryRows } from '../client.js';
import { idempotencyRecords } from '../schema/index.js';

/** Idempotency records: one per workspace, API key, method, path and Idempotency-Key, running or done. */

type IdempotencyRow = typeof idempotencyRecords.$inferSelect;

/**
 * Claims the key for a request, running until `lockedUntil`: a new record, or one taken over because it expired
 * or because the same request's earlier run let its lease run out. Answers whether it was claimed.
 */
export async function claimIdempotencyRecord(
  db: Db,
  scope: IdempotencyScope,
  requestHash: string,
  times: { now: Date; lockedUntil: Date; expiresAt: Date },
): Promise<boolean> {
  const { now, lockedUntil, expiresAt } = times;
  const claimed = await queryRows<{ claimed: boolean }>(
    db,
    sql`insert into idempotency_records
          (workspace_id, key_id, method, path, key, request_hash, state, locked_until, created_at, expires_at)
        values (${scope.workspaceId}, ${scope.keyId}, ${scope.method}, ${scope.path}, ${scope.key}, ${requestHash}, 'running',
                ${lockedUntil.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz,
                ${expiresAt.toISOString()}::timestamptz)
        on conflict (workspace_id, key_id, method, path, key) do update set
          request_hash = excluded.request_hash, state = 'running', locked_until = excluded.locked_until,
          created_at = excluded.created_at, expires_at = excluded.expires_at,
          response_status = null, response_body = null, response_content_type = null
        where idempotency_records.expires_at <= excluded.created_at
           or (idempotency_records.state = 'running'
               and idempotency_records.locked_until <= excluded.created_at
               and idempotency_records.request_hash = excluded.request_hash)
        returning true as claimed`,
  );
  return claimed.length > 0;
}

/** The record of this key, running or done. */
export async function findIdempotencyRecord(
  db: Db,
  scope: IdempotencyScope,
): Promise<IdempotencyRow | undefined> {
  const [row] = await db.select().from(idempotencyRecords).where(matches(scope));
  return row;
}

/** Marks the key's request done, with its answer (the body already sealed). */
export async function completeIdempotencyRecord(
  db: Db,
  scope: IdempotencyScope,
  response: { status: number; sealedBody: string; contentType: string | null },
): Promise<void> {
  await db
    .update(idempotencyRecords)
    .set({
      state: 'done',
      responseStatus: response.status,
      responseBody: response.sealedBody,
      responseContentType: response.contentType,
    })
    .where(matches(scope));
}

/** Deletes the key's record, running or done. */
export async function deleteIdempotencyRecord(db: Db, scope: IdempotencyScope): Promise<void> {
  await db.delete(idempotencyRecords).where(matches(scope));
}

const matches = (scope: IdempotencyScope) =>
  and(
    eq(idempotencyRecords.workspaceId, scope.workspaceId),
    eq(idempotencyRecords.keyId, scope.keyId),
    eq(idempotencyRecords.method, scope.method),
    eq(idempotencyRecords.path, scope.path),
    eq(idempotencyRecords.key, scope.key),
  );
