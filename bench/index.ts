import { benchCompare } from './compare.js';
import { benchDispatch } from './dispatch.js';
import { benchPixel } from './pixel.js';
import { benchReport } from './report.js';
import type { BenchResult } from './support.js';
import { benchWebhook } from './webhook.js';

/**
 * `npm run bench [-- name…]`: each bench prints its figures as a ratio against a baseline from the same run, or,
 * for a pure computation with no baseline, as a median time against a time goal.
 */
const benches: Record<string, () => Promise<BenchResult>> = {
  webhook: benchWebhook,
  dispatch: benchDispatch,
  compare: benchCompare,
  pixel: benchPixel,
  report: benchReport,
};

function summarize(r: BenchResult): string {
  if ('medianMs' in r) {
    const verdict = r.medianMs <= r.goalMs ? 'met' : 'NOT met';
    return `  ${r.name.padEnd(10)} median ${r.medianMs.toFixed(1)} ms (goal ≤ ${r.goalMs} ms: ${verdict})`;
  }
  const verdict = (x: number) => (x >= r.goal ? 'met' : 'NOT met');
  const strict =
    r.strictRatio === undefined
      ? ''
      : `; ${r.strictRatio.toFixed(2)} of the fastest plain insert (${verdict(r.strictRatio)})`;
  const baseline = r.baseline ?? 'a raw multi-row insert';
  return `  ${r.name.padEnd(10)} ${r.ratio.toFixed(2)} of ${baseline} (goal ${r.goal}: ${verdict(r.ratio)})${strict}`;
}

const wanted = process.argv.slice(2).filter((a) => a !== '--');
const names = wanted.length > 0 ? wanted : Object.keys(benches);
const results: BenchResult[] = [];
for (const name of names) {
  const bench = benches[name];
  if (!bench) {
    console.error(`Unknown bench ${name}; known: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  results.push(await bench());
}
console.log('\nsummary');
for (const r of results) console.log(summarize(r));
process.exit(0);
