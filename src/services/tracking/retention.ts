import { truncateEventDetails } from '../../db/queries/tracking.js';
import type { Deps } from '../../deps.js';

const BATCH = 5000;

/**
 * Truncates the IP addresses (to their /24 or /48 network) and user agents (to the product token) of opens and
 * clicks older than the retention period: classification is settled by then, and a whole address is personal
 * data. Batched, so a large backlog never holds one long transaction; answers how many events it truncated.
 */
export async function truncateTrackingDetails({
  deps,
  now,
  budgetMs = 10_000,
}: {
  deps: Deps;
  now: Date;
  budgetMs?: number;
}) {
  const cutoff = new Date(now.getTime() - deps.config.trackingRetentionDays * 86_400_000);
  const deadline = performance.now() + budgetMs;
  let truncated = 0;
  while (performance.now() < deadline) {
    const count = await truncateEventDetails(deps.db, cutoff, now, BATCH);
    truncated += count;
    if (count < BATCH) break;
  }
  return truncated;
}
