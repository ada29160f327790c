import { and, asc, eq, gt, isNull, ne, or, sql } from 'drizzle-orm';
import type { Role } from '../../services/keys/roles.js';
import { type Db, queryRows } from '../client.js';
import { apiKeys } from '../schema/index.js';
import { rateBucket } from './rate-limits.js';

type KeyRow = typeof apiKeys.$inferSelect;

/** A presented key as authentication sees it, with its request count in this window (null when unusable). */
export interface PresentedKey {
  workspace_id: string;
  id: string;
  role: Role;
  expires_at: Date | string | null;
  revoked_at: Date | string | null;
  used: number | null;
}

/**
 * The key with this hash — found across workspaces, since the key is what names the workspace — and, when it
 * is neither revoked nor expired, this request counted in its per-minute window: one round trip.
 */
export async function findKeyCountingRequest(
  db: Db,
  keyHash: string,
  windowStart: Date,
  now: Date,
): Promise<PresentedKey | undefined> {
  const [row] = await queryRows<PresentedKey>(
    db,
    sql`with k as (
          select workspace_id, id, role, expires_at, revoked_at from api_keys where key_hash = ${keyHash}
        ), counted as (
          insert into rate_limit_windows (workspace_id, bucket, window_start, count)
          select workspace_id, ${rateBucket.apiKey('')}::text || id::text, ${windowStart.toISOString()}::timestamptz, 1 from k
          where revoked_at is null and (expires_at is null or expires_at > ${now.toISOString()}::timestamptz)
          on conflict (workspace_id, bucket, window_start)
          do update set count = rate_limit_windows.count + 1
          returning count
        )
        select k.*, (select count from counted) as used from k`,
  );
  return row;
}

/** Stores a key (its hash, never the key). */
export async function insertApiKey(db: Db, values: typeof apiKeys.$inferInsert): Promise<void> {
  await db.insert(apiKeys).values(values);
}

/** Every key of the workspace, revoked and expired ones too, oldest first. */
export async function workspaceKeys(db: Db, workspaceId: string): Promise<KeyRow[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.workspaceId, workspaceId)).orderBy(asc(apiKeys.id));
}

/** The workspace's key with this id. */
export async function findApiKey(db: Db, workspaceId: string, keyId: string): Promise<KeyRow | undefined> {
  const [key] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, keyId)));
  return key;
}

/**
 * Takes the workspace's revocation lock until the transaction ends. Serialize revocations per workspace so two
 * admins revoking each other cannot both succeed.
 */
export async function lockKeyRevocations(db: Db, workspaceId: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext(${`revoke:${workspaceId}`}))`);
}

/** Whether the workspace has a usable (unrevoked, unexpired) admin key other than this one. */
export async function hasOtherUsableAdminKey(
  db: Db,
  workspaceId: string,
  keyId: string,
  now: Date,
): Promise<boolean> {
  const [other] = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.workspaceId, workspaceId),
        eq(apiKeys.role, 'admin'),
        ne(apiKeys.id, keyId),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
      ),
    )
    .limit(1);
  return other !== undefined;
}

/** Marks the workspace's key revoked as of `now`. */
export async function markKeyRevoked(db: Db, workspaceId: string, keyId: string, now: Date): Promise<void> {
  await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.workspaceId, workspaceId), eq(apiKeys.id, keyId)));
}
