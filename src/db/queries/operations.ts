import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { queryRows } from '../client';

/** Is the database answering? */
export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

export interface OperationalCounts {
  workspaces: number;
  activeApiKeys: number;
  pendingIdempotencyRecords: number;
  messagesByStatus: { status: string; count: number }[];
}

/** Gauges for /metrics across all workspaces: sizes and queue depths an operator alerts on. */
export async function operationalCounts(db: Db, now: Date): Promise<OperationalCounts> {
  const [totals] = await queryRows<{ workspaces: number; keys: number; pending: number }>(
    db,
    sql`select
          (select count(*) from workspaces)::int as workspaces,
          (select count(*) from api_keys where revoked_at is null
             and (expires_at is null or expires_at > ${now.toISOString()}::timestamptz))::int as keys,
          (select count(*) from idempotency_records where state = 'running')::int as pending`,
  );
  const byStatus = await queryRows<{ status: string; count: number }>(
    db,
    sql`select status, count(*)::int as count from messages group by status order by status`,
  );
  return {
    workspaces: totals?.workspaces ?? 0,
    activeApiKeys: totals?.keys ?? 0,
    pendingIdempotencyRecords: totals?.pending ?? 0,
    messagesByStatus: byStatus,
  };
}
