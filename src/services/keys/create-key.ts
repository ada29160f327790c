import { insertApiKey } from '../../db/queries/keys.js';
import type { apiKeys } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { uuidv7 } from '../../lib/ids.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { displayPrefix, generateApiKey, hashApiKey } from './key-material.js';
import type { Role } from './roles.js';

export interface CreateKeyInput {
  name: string;
  role: Role;
  expiresAt?: Date | undefined;
}

/** Makes a key for the actor's workspace; the plaintext is returned here once and never stored. */
export async function createApiKey({
  deps,
  actor,
  input,
}: {
  deps: Deps;
  actor: Actor;
  input: CreateKeyInput;
}) {
  const now = deps.clock.now();
  if (input.expiresAt && input.expiresAt <= now) {
    throw new ApiError('validation_failed', 'expiresAt must be in the future', [
      { path: 'expiresAt', message: 'must be in the future' },
    ]);
  }
  const key = generateApiKey();
  const row = {
    workspaceId: actor.workspaceId,
    id: uuidv7(now.getTime()),
    name: input.name,
    role: input.role,
    keyHash: await hashApiKey(key),
    prefix: displayPrefix(key),
    createdAt: now,
    createdBy: actor.keyId,
    expiresAt: input.expiresAt ?? null,
  };
  await deps.db.transaction(async (tx) => {
    await insertApiKey(tx, row);
    await recordAudit({
      db: tx,
      entry: {
        workspaceId: actor.workspaceId,
        actorKeyId: actor.keyId,
        action: 'key.created',
        targetType: 'api_key',
        targetId: row.id,
        details: { name: row.name, role: row.role, expiresAt: row.expiresAt?.toISOString() ?? null },
        requestId: actor.requestId,
        at: now,
      },
    });
  });
  return { ...presentKey({ ...row, revokedAt: null }, now), key };
}

type KeyRow = Pick<
  typeof apiKeys.$inferSelect,
  'id' | 'name' | 'role' | 'prefix' | 'createdAt' | 'expiresAt' | 'revokedAt'
>;

/** The public shape of a key: never its hash. */
export function presentKey(row: KeyRow, now: Date) {
  const state = row.revokedAt ? 'revoked' : row.expiresAt && row.expiresAt <= now ? 'expired' : 'active';
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    state,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  } as const;
}
