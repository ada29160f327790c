/**
 * This process's running counters and request-duration histogram, in Prometheus text. On Node they live as
 * long as the process and `/metrics` serves them; on Workers in-memory counts mean nothing to a scrape, so no
 * Counters exist there and the same figures are read from the structured logs (see README, "Operations").
 */
export type CounterName =
  | 'kaifu_hits_stored_total'
  | 'kaifu_webhook_events_total'
  | 'kaifu_messages_sent_total'
  | 'kaifu_http_requests_total';

const HELP: Record<CounterName | typeof DURATION, string> = {
  kaifu_hits_stored_total: 'Tracking hits (pixel opens, redirect clicks) stored by this process',
  kaifu_webhook_events_total:
    'SendGrid Event Webhook events this process committed, by type (a batch SendGrid redelivers counts again)',
  kaifu_messages_sent_total: 'Messages SendGrid accepted from this process',
  kaifu_http_requests_total:
    'HTTP requests answered by this process, by route pattern and status (tracking routes excluded, to keep that path bare)',
  kaifu_http_request_duration_seconds: 'Time to answer HTTP requests, by route pattern',
};
const DURATION = 'kaifu_http_request_duration_seconds';
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

type Labels = Record<string, string>;
// Prometheus label values escape backslash, double quote and newline (as \n); /metrics' gauges use it too.
const labelValue = (v: string) => v.replace(/["\\]/g, '\\$&').replace(/\n/g, '\\n');
export const labelText = (labels: Labels) => {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${labelValue(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};

export interface Counters {
  add(name: CounterName, by?: number, labels?: Labels): void;
  observeRequest(route: string, seconds: number): void;
  render(): string;
}

export function createCounters(): Counters {
  const counts = new Map<CounterName, Map<string, number>>();
  const durations = new Map<string, { buckets: number[]; sum: number; count: number }>();
  return {
    add(name, by = 1, labels = {}) {
      const series = counts.get(name) ?? new Map<string, number>();
      const key = labelText(labels);
      series.set(key, (series.get(key) ?? 0) + by);
      counts.set(name, series);
    },
    observeRequest(route, seconds) {
      const key = labelText({ route });
      const h = durations.get(key) ?? { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
      BUCKETS.forEach((le, i) => {
        if (seconds <= le) h.buckets[i] = (h.buckets[i] ?? 0) + 1;
      });
      h.sum += seconds;
      h.count++;
      durations.set(key, h);
    },
    render() {
      const lines: string[] = [];
      for (const name of Object.keys(HELP).filter((n) => n !== DURATION) as CounterName[]) {
        lines.push(`# HELP ${name} ${HELP[name]}`, `# TYPE ${name} counter`);
        const series = counts.get(name);
        // A counter with no labels exists from the start, at 0, so a rate() has a first point.
        if (!series && !['kaifu_webhook_events_total', 'kaifu_http_requests_total'].includes(name)) {
          lines.push(`${name} 0`);
        }
        for (const [labels, value] of series ?? []) lines.push(`${name}${labels} ${value}`);
      }
      lines.push(`# HELP ${DURATION} ${HELP[DURATION]}`, `# TYPE ${DURATION} histogram`);
      for (const [labels, h] of durations) {
        const inner = labels.slice(1, -1);
        for (const [i, le] of BUCKETS.entries())
          lines.push(`${DURATION}_bucket{${inner},le="${le}"} ${h.buckets[i]}`);
        lines.push(`${DURATION}_bucket{${inner},le="+Inf"} ${h.count}`);
        lines.push(`${DURATION}_sum${labels} ${h.sum}`, `${DURATION}_count${labels} ${h.count}`);
      }
      return lines.join('\n');
    },
  };
}
