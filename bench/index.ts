import { benchDispatch } from './dispatch';
import { benchWebhook } from './webhook';

/** `npm run bench [-- name…]`: each bench prints its figures as a ratio against a baseline from the same run. */
const benches: Record<string, () => Promise<{ name: string; ratio: number; goal: number }>> = {
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
for (const r of results)
  console.log(
    `  ${r.name.padEnd(12)} ratio ${r.ratio.toFixed(2)}  goal ${r.goal}  ${r.ratio >= r.goal ? 'met' : 'NOT met'}`,
  );
process.exit(0);
