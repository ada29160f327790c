import { benchDispatch } from './dispatch';
import type { BenchResult } from './support';
import { benchWebhook } from './webhook';

/** `npm run bench [-- name…]`: each bench prints its figures as a ratio against a baseline from the same run. */
const benches: Record<string, () => Promise<BenchResult>> = {
  webhook: benchWebhook,
  dispatch: benchDispatch,
};

const wanted = process.argv.slice(2).filter((a) => a !== '--');
const names = wanted.length > 0 ? wanted : Object.keys(benches);
const results = [];
for (const name of names) {
  const bench = benches[name];
  if (!bench) {
    console.error(`Unknown bench ${name}; known: ${Object.keys(benches).join(', ')}`);
    process.exit(2);
  }
  results.push(await bench());
}
console.log('\nsummary');
for (const r of results) {
  const verdict = (x: number) => (x >= r.goal ? 'met' : 'NOT met');
  console.log(
    `  ${r.name.padEnd(10)} ${r.ratio.toFixed(2)} of a raw multi-row insert (goal ${r.goal}: ${verdict(r.ratio)}); ` +
      `${r.strictRatio.toFixed(2)} of the fastest plain insert (${verdict(r.strictRatio)})`,
  );
}
process.exit(0);
