import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.js';

/**
 * Messages: the statements every sending and tracking writer shares — the lock order they all take, and what
 * "sent" means for a row (its send time and that time's weekday and hour in the recipient's own zone).
 */

/** The weekday (0 = Sunday) of `at` on the recipient's clock (`zone`, their timezone column): the rollups' cell. */
export const localWeekdayOf = (at: SQL, zone: SQL = sql`timezone`) =>
  sql`extract(dow from ${at} at time zone ${zone})::smallint`;

/** The hour (0–23) of `at` on the recipient's clock. */
export const localHourOf = (at: SQL, zone: SQL = sql`timezone`) =>
  sql`extract(hour from ${at} at time zone ${zone})::smallint`;

/**
 * The SET list that marks a message sent at `at` (SQL): its status, its send time, and the weekday and hour of
 * that time in the recipient's own zone — the cell the rollups count it in. For `update messages … set`.
 */
export const markSent = (at: SQL) =>
  sql`status = 'sent', sent_at = ${at}, local_weekday = ${localWeekdayOf(at)}, local_hour = ${localHourOf(at)}`;

/**
 * Row locks on a set of messages, taken in key order. Every writer that changes several messages at once takes
 * its locks this way first (hit flushes, webhook batches, settled sends), so they queue instead of deadlocking.
 */
export async function lockMessagesInOrder(
  db: Db,
  workspaceId: string,
  where: { ids: string[] } | { batchId: string },
): Promise<void> {
  const filter =
    'ids' in where ? sql`id = any(${`{${where.ids.join(',')}}`}::uuid[])` : sql`batch_id = ${where.batchId}`;
  await db.execute(
    sql`select id from messages where workspace_id = ${workspaceId} and ${filter} order by workspace_id, id for update`,
  );
}
