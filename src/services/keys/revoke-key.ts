import {
  findApiKey,
  hasOtherUsableAdminKey,
  lockKeyRevocations,
  markKeyRevoked,
} from '../../db/queries/keys.js';
import type { Deps } from '../../deps.js';
import { ApiError, notFound } from '../../errors.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/record-audit.js';

/** Revokes a key at once. Refuses to revoke the workspace's last usable admin key, which would lock it out. */
export async function revokeApiKey({ deps, actor, keyId }: { deps: Deps; actor: Actor; keyId: string }) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await lockKeyRevocations(tx, actor.workspaceId);
    const key = await findApiKey(tx, actor.workspaceId, keyId);
    if (!key) throw notFound('API key');
    if (key.revokedAt) return;
    if (key.role === 'admin' && !(await hasOtherUsableAdminKey(tx, actor.workspaceId, keyId, now))) {
      throw new ApiError('conflict', 'This is the last active admin key; create another admin key first');
    }
    await markKeyRevoked(tx, actor.workspaceId, keyId, now);
    await recordAudit({
      db: tx,
      entry: {
        workspaceId: actor.workspaceId,
        actorKeyId: actor.keyId,
        action: 'key.revoked',
        targetType: 'api_key',
        targetId: keyId,
        details: { name: key.name, role: key.role },
        requestId: actor.requestId,
        at: now,
      },
    });
  });
}
