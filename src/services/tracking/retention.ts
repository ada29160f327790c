import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import type { Deps } from '../../deps.js';

const BATCH = 5000;

/**
 * Truncates the IP addresses (to their /24 or /48 network) and user agents (to the product token) of opens and
 * clicks older than the retention period: classification is settled by then, and a whole address is personal
 * data. Batched, so a large backlog never holds one long transaction; answers how many events it truncated.
 */
export async function truncateTrackingDetails(deps: Deps, now: Date, options: { budgetMs?: number } = {}) {
  const cutoff = new Date(now.getTime() - deps.config.trackingRetentionDays * 86_400_000);
  const deadline = performance.now() + (options.budgetMs ?? 10_000);
  let truncated = 0;
  while (performance.now() < deadline) {
    const [row] = await queryRows<{ count: number }>(
      deps.db,
      sql`with due as (
            select workspace_id, id, occurred_at from events
            where details_truncated_at is null and (ip is not null or user_agent is not null)
              and occurred_at < ${cutoff.toISOString()}::timestamptz
            limit ${BATCH}
          ), done as (
            update events e set
              ip = host(set_masklen(e.ip::inet, case when family(e.ip::inet) = 4 then 24 else 48 end)::cidr),
              user_agent = nullif(split_part(e.user_agent, ' ', 1), ''),
              details_truncated_at = ${now.toISOString()}::timestamptz
            from due where e.workspace_id = due.workspace_id and e.id = due.id and e.occurred_at = due.occurred_at
            returning 1
          )
          select count(*)::int as count from done`,
    );
    truncated += row?.count ?? 0;
    if ((row?.count ?? 0) < BATCH) break;
  }
  return truncated;
}
