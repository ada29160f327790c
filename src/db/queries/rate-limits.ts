import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../client.js';

// Fixed one-minute windows, per workspace and bucket. The table is rate_limit_windows; runDueWork forgets old ones.
export const RATE_WINDOW_MS = 60_000;

/** What a window counts: an API key's requests, a workspace's recipients sent, its test-send requests. */
export const rateBucket = {
  apiKey: (keyId: string) => `key:${keyId}`,
  sends: 'sends',
  testSends: 'test-sends',
} as const;

export const windowStartOf = (now: Date) =>
  new Date(Math.floor(now.getTime() / RATE_WINDOW_MS) * RATE_WINDOW_MS);

/** Adds `amount` to this window's count of the bucket in one statement and answers the count after it. */
export async function countInWindow(
  db: Db,
  workspaceId: string,
  bucket: string,
  windowStart: Date,
  amount: number,
): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`insert into rate_limit_windows (workspace_id, bucket, window_start, count)
        values (${workspaceId}, ${bucket}, ${windowStart.toISOString()}::timestamptz, ${amount})
        on conflict (workspace_id, bucket, window_start)
        do update set count = rate_limit_windows.count + excluded.count
        returning count`,
  );
  return Number(row?.count ?? amount);
}

/** Gives back part of what countInWindow took (a reservation that was not all used). */
export async function uncountInWindow(
  db: Db,
  workspaceId: string,
  bucket: string,
  windowStart: Date,
  amount: number,
): Promise<void> {
  await db.execute(
    sql`update rate_limit_windows set count = count - ${amount}
        where workspace_id = ${workspaceId} and bucket = ${bucket}
          and window_start = ${windowStart.toISOString()}::timestamptz`,
  );
}
