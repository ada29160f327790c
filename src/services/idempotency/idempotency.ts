import { and, eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { idempotencyRecords } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { openText, sealText } from '../../lib/crypto.js';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
// How long a first request may run before a retry may take its place (it must have crashed by then).
const RUNNING_LEASE_MS = 60_000;

/** Whose answer it is: the workspace and the API key that asked, then the request's method, path and key. */
export interface IdempotencyScope {
  workspaceId: string;
  keyId: string;
  method: string;
  path: string;
  key: string;
}

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: string; contentType: string | null }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

/**
 * Claims an Idempotency-Key for a request, or says what an earlier request with that key settled. Lives in
 * Postgres, not process memory, because Workers run many isolates.
 */
export async function claimIdempotencyKey(
  deps: Deps,
  scope: IdempotencyScope,
  requestHash: string,
): Promise<Claim> {
  const now = deps.clock.now();
  const lockedUntil = new Date(now.getTime() + RUNNING_LEASE_MS);
  const expiresAt = new Date(now.getTime() + IDEMPOTENCY_TTL_MS);
  for (let attempt = 0; attempt < 3; attempt++) {
    const claimed = await queryRows<{ claimed: boolean }>(
      deps.db,
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
    if (claimed.length > 0) return { kind: 'claimed' };
    const [existing] = await deps.db.select().from(idempotencyRecords).where(matches(scope));
    // Gone between the two statements: the first request failed and released the key. Try again.
    if (!existing) continue;
    if (existing.requestHash !== requestHash) return { kind: 'mismatch' };
    if (existing.state === 'running') return { kind: 'in_progress' };
    return {
      kind: 'replay',
      status: existing.responseStatus ?? 200,
      body: existing.responseBody
        ? await openText(deps.config.secret, 'idempotency', existing.responseBody)
        : '',
      contentType: existing.responseContentType,
    };
  }
  return { kind: 'in_progress' };
}

/**
 * Keeps the answer so a retry with the same key and body gets it again. Sealed, because an answer may hold a
 * secret shown once (a new API key's plaintext) that must not sit readable in the database.
 */
export async function completeIdempotencyKey(
  deps: Deps,
  scope: IdempotencyScope,
  response: { status: number; body: string; contentType: string | null },
): Promise<void> {
  await deps.db
    .update(idempotencyRecords)
    .set({
      state: 'done',
      responseStatus: response.status,
      responseBody: await sealText(deps.config.secret, 'idempotency', response.body),
      responseContentType: response.contentType,
    })
    .where(matches(scope));
}

/**
 * Forgets a claim whose request never ran — refused as invalid or unauthorized, or failed on our side — so the
 * client's corrected retry runs afresh under the same key.
 */
export async function releaseIdempotencyKey(deps: Deps, scope: IdempotencyScope): Promise<void> {
  await deps.db.delete(idempotencyRecords).where(matches(scope));
}

const matches = (scope: IdempotencyScope) =>
  and(
    eq(idempotencyRecords.workspaceId, scope.workspaceId),
    eq(idempotencyRecords.keyId, scope.keyId),
    eq(idempotencyRecords.method, scope.method),
    eq(idempotencyRecords.path, scope.path),
    eq(idempotencyRecords.key, scope.key),
  );
