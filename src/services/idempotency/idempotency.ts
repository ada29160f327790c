import {
  claimIdempotencyRecord,
  completeIdempotencyRecord,
  deleteIdempotencyRecord,
  findIdempotencyRecord,
} from '../../db/queries/idempotency.js';
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
export async function claimIdempotencyKey({
  deps,
  scope,
  requestHash,
}: {
  deps: Deps;
  scope: IdempotencyScope;
  requestHash: string;
}): Promise<Claim> {
  const now = deps.clock.now();
  const lockedUntil = new Date(now.getTime() + RUNNING_LEASE_MS);
  const expiresAt = new Date(now.getTime() + IDEMPOTENCY_TTL_MS);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await claimIdempotencyRecord(deps.db, scope, requestHash, { now, lockedUntil, expiresAt }))
      return { kind: 'claimed' };
    const existing = await findIdempotencyRecord(deps.db, scope);
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
export async function completeIdempotencyKey({
  deps,
  scope,
  response,
}: {
  deps: Deps;
  scope: IdempotencyScope;
  response: { status: number; body: string; contentType: string | null };
}): Promise<void> {
  await completeIdempotencyRecord(deps.db, scope, {
    status: response.status,
    sealedBody: await sealText(deps.config.secret, 'idempotency', response.body),
    contentType: response.contentType,
  });
}

/**
 * Forgets a claim whose request never ran — refused as invalid or unauthorized, or failed on our side — so the
 * client's corrected retry runs afresh under the same key.
 */
export async function releaseIdempotencyKey({
  deps,
  scope,
}: {
  deps: Deps;
  scope: IdempotencyScope;
}): Promise<void> {
  await deleteIdempotencyRecord(deps.db, scope);
}
