import { isDatabaseUnavailable } from '../../db/client.js';
import { operationalCounts, QUEUE_STATUSES } from '../../db/queries/operations.js';
import type { Deps } from '../../deps.js';
import { labelText } from '../../lib/counters.js';

type Sample = { labels?: Record<string, string>; value: number };

function family(name: string, help: string, samples: Sample[]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`];
  for (const s of samples) lines.push(`${name}${labelText(s.labels ?? {})} ${s.value}`);
  return lines.join('\n');
}

/**
 * Prometheus text, read from Postgres so every isolate or process reports the same truth — but for the
 * tracking hits waiting in this process's buffer (Node), which only this process knows. With the database
 * unreachable it still answers: kaifu_up 0, and what this process knows; an outage is a reading, not a failed
 * scrape. Any other failure is thrown.
 */
export async function renderMetrics({ deps }: { deps: Deps }): Promise<string> {
  const now = deps.clock.now();
  const local = [
    ...(deps.pendingHits
      ? [
          family('kaifu_tracking_hits_waiting', 'Tracking hits in this process waiting to be stored', [
            { value: deps.pendingHits() },
          ]),
        ]
      : []),
    ...(deps.counters?.render ? [deps.counters.render()] : []),
  ];
  const up = (value: number) =>
    family('kaifu_up', 'Kaifu answers and its database is reachable', [{ value }]);
  let counts: Awaited<ReturnType<typeof operationalCounts>>;
  try {
    counts = await operationalCounts(deps.db, now);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    deps.log.warn('metrics: database unavailable', { error });
    return `${[up(0), ...local].join('\n')}\n`;
  }
  const lag = counts.oldestDueAt ? Math.max(0, (now.getTime() - counts.oldestDueAt.getTime()) / 1000) : 0;
  return `${[
    up(1),
    family('kaifu_workspaces', 'Workspaces', [{ value: counts.workspaces }]),
    family('kaifu_api_keys_active', 'API keys neither revoked nor expired', [
      { value: counts.activeApiKeys },
    ]),
    family('kaifu_idempotency_running', 'Requests holding an Idempotency-Key right now', [
      { value: counts.pendingIdempotencyRecords },
    ]),
    family(
      'kaifu_messages',
      'Messages waiting or in flight, by status (held: an A/B test remainder awaiting its winner)',
      QUEUE_STATUSES.map((status) => ({ labels: { status }, value: counts.queue[status] })),
    ),
    family('kaifu_dispatch_lag_seconds', 'How long the longest-waiting due message has waited to be sent', [
      { value: Math.round(lag) },
    ]),
    ...local,
  ].join('\n')}\n`;
}
