import { operationalCounts } from '../../db/queries/operations';
import type { Deps } from '../../deps';

type Sample = { labels?: Record<string, string>; value: number };

function family(name: string, help: string, samples: Sample[]): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`];
  for (const s of samples) {
    const labels = Object.entries(s.labels ?? {})
      .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '\\$&')}"`)
      .join(',');
    lines.push(`${name}${labels ? `{${labels}}` : ''} ${s.value}`);
  }
  return lines.join('\n');
}

/**
 * Prometheus text, read from Postgres so every isolate or process reports the same truth. Later issues add
 * dispatch lag, uncertain batches, webhook failures and buffer depth here.
 */
export async function renderMetrics(deps: Deps): Promise<string> {
  const counts = await operationalCounts(deps.db, deps.clock.now());
  return `${[
    family('kaifu_up', 'Kaifu answers and its database is reachable', [{ value: 1 }]),
    family('kaifu_workspaces', 'Workspaces', [{ value: counts.workspaces }]),
    family('kaifu_api_keys_active', 'API keys neither revoked nor expired', [
      { value: counts.activeApiKeys },
    ]),
    family('kaifu_idempotency_running', 'Requests holding an Idempotency-Key right now', [
      { value: counts.pendingIdempotencyRecords },
    ]),
    family(
      'kaifu_messages',
      'Messages by status',
      counts.messagesByStatus.map((m) => ({ labels: { status: m.status }, value: m.count })),
    ),
  ].join('\n')}\n`;
}
