import { sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import { queryRows } from '../client.js';

/** Is the database answering? */
export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

/** Statuses of messages that wait or are in flight: what an operator watches drain. */
export const QUEUE_STATUSES = ['scheduled', 'held', 'sending', 'uncertain'] as const;

export interface OperationalCounts {
  workspaces: number;
  activeApiKeys: number;
  pendingIdempotencyRecords: number;
  queue: Record<(typeof QUEUE_STATUSES)[number], number>;
  /** The due time of the longest-waiting message that is due and not yet claimed; null when none is. */
  oldestDueAt: Date | null;
}

/**
 * Gauges for /metrics across all workspaces: sizes and queue depths an operator alerts on. Every count is
 * over a small table or a partial index of the messages that wait: never a scan of all messages ever sent.
 */
export async function operationalCounts(db: Db, now: Date): Promise<OperationalCounts> {
  const [row] = await queryRows<{
    workspaces: number;
    keys: number;
    pending: number;
    scheduled: number;
    held: number;
    sending: number;
    uncertain: number;
    oldest_due_at: string | Date | null;
  }>(
    db,
    sql`select
          (select count(*) from workspaces)::int as workspaces,
          (select count(*) from api_keys where revoked_at is null
             and (expires_at is null or expires_at > ${now.toISOString()}::timestamptz))::int as keys,
          (select count(*) from idempotency_records where state = 'running')::int as pending,
          (select count(*) from messages where status = 'scheduled')::int as scheduled,
          (select count(*) from messages where status = 'held')::int as held,
          (select count(*) from messages where status = 'sending')::int as sending,
          (select count(*) from messages where status = 'uncertain')::int as uncertain,
          (select min(due_at) from messages
             where status = 'scheduled' and due_at <= ${now.toISOString()}::timestamptz) as oldest_due_at`,
  );
  return {
    workspaces: row?.workspaces ?? 0,
    activeApiKeys: row?.keys ?? 0,
    pendingIdempotencyRecords: row?.pending ?? 0,
    queue: {
      scheduled: row?.scheduled ?? 0,
      held: row?.held ?? 0,
      sending: row?.sending ?? 0,
      uncertain: row?.uncertain ?? 0,
    },
    oldestDueAt: row?.oldest_due_at ? new Date(row.oldest_due_at) : null,
  };
}
