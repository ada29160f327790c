/**
 * Kaifu's counters and request-duration histogram. On Node they live as long as the process, in memory, and
 * `/metrics` serves them as Prometheus text (createCounters). On Workers, where in-memory counts mean nothing to
 * a scrape, each increment is a Workers Analytics Engine data point (analyticsEngineCounters), queried with SQL
 * (see README, "Operations").
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
  /** Prometheus text, where the counts are this process's own (Node). */
  render?(): string;
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

/** What the Worker's Analytics Engine binding accepts (its type in @cloudflare/workers-types, structurally). */
export interface DataPointSink {
  writeDataPoint(point: { indexes?: string[]; blobs?: string[]; doubles?: number[] }): void;
}

/**
 * Counters as Analytics Engine data points, one per increment: index1 and blob1 the counter's name, blob2 its
 * label (route, or event type), blob3 the status, double1 the increment; a request's duration is its own point,
 * kaifu_http_request_duration_seconds, with double1 the seconds. Writing never throws into a request: a point
 * lost is a count lost, not an answer.
 */
export function analyticsEngineCounters(dataset: DataPointSink, log: { warn(m: string, f?: object): void }) {
  const write = (name: string, blobs: string[], value: number) => {
    try {
      dataset.writeDataPoint({ indexes: [name], blobs: [name, ...blobs], doubles: [value] });
    } catch (error) {
      log.warn('writing an Analytics Engine data point failed', { error, counter: name });
    }
  };
  return {
    add: (name, by = 1, labels = {}) =>
      write(name, [labels.route ?? labels.type ?? '', labels.status ?? ''], by),
    observeRequest: (route, seconds) => write(DURATION, [route, ''], seconds),
  } satisfies Counters;
}
