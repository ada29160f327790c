import { lt } from 'drizzle-orm';
import type { Db } from '../client.js';
import { endedSessions, idempotencyRecords, rateLimitWindows } from '../schema/index.js';

/**
 * Background clean-up of short-lived rows, across workspaces: each is one short statement, so two copies of
 * runDueWork running at once are harmless.
 */

/** Forgets idempotency records that expired before `now`; answers how many. */
export async function deleteExpiredIdempotencyRecords(db: Db, now: Date): Promise<number> {
  const deleted = await db
    .delete(idempotencyRecords)
    .where(lt(idempotencyRecords.expiresAt, now))
    .returning({ key: idempotencyRecords.key });
  return deleted.length;
}

/** Forgets rate-limit windows that started before `cutoff`; answers how many. */
export async function deleteRateLimitWindowsBefore(db: Db, cutoff: Date): Promise<number> {
  const deleted = await db
    .delete(rateLimitWindows)
    .where(lt(rateLimitWindows.windowStart, cutoff))
    .returning({ bucket: rateLimitWindows.bucket });
  return deleted.length;
}

/** Forgets signed-out dashboard sessions that would have expired before `now` anyway; answers how many. */
export async function deleteExpiredSignOuts(db: Db, now: Date): Promise<number> {
  const deleted = await db
    .delete(endedSessions)
    .where(lt(endedSessions.expiresAt, now))
    .returning({ nonce: endedSessions.nonce });
  return deleted.length;
}
