import { and, eq, gt, isNull, ne, or, sql } from 'drizzle-orm';
import { apiKeys } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { ApiError, notFound } from '../../errors.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/record-audit.js';

/** Revokes a key at once. Refuses to revoke the workspace's last usable admin key, which would lock it out. */
export async function revokeApiKey({ deps, actor, keyId }: { deps: Deps; actor: Actor; keyId: string }) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    // Serialize revocations per workspace so two admins revoking each other cannot both succeed.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`revoke:${actor.workspaceId}`}))`);
    const [key] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.workspaceId, actor.workspaceId), eq(apiKeys.id, keyId)));
    if (!key) throw notFound('API key');
    if (key.revokedAt) return;
    if (key.role === 'admin') {
      const [other] = await tx
        .select({ id: apiKeys.id })
        .from(apiKeys)
        .where(
          and(
            eq(apiKeys.workspaceId, actor.workspaceId),
            eq(apiKeys.role, 'admin'),
            ne(apiKeys.id, keyId),
            isNull(apiKeys.revokedAt),
            or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
          ),
        )
        .limit(1);
      if (!other) {
        throw new ApiError('conflict', 'This is the last active admin key; create another admin key first');
      }
    }
    await tx
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.workspaceId, actor.workspaceId), eq(apiKeys.id, keyId)));
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorKeyId: actor.keyId,
      action: 'key.revoked',
      targetType: 'api_key',
      targetId: keyId,
      details: { name: key.name, role: key.role },
      requestId: actor.requestId,
      at: now,
    });
  });
}
