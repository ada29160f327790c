import { ISSUE_SCENARIO, type ScenarioSummary, simulate } from './send-times.js';

/**
 * `npm run sim [-- seeds]`: the send-time policy over many simulated lists (sim/send-times.ts), with the
 * criteria of issue 21. Model-level and seeded: the same figures on every run. Exits 1 when a criterion fails.
 */
const seeds = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 200);
const share = (n: number, of: number) => `${n}/${of} (${((100 * n) / of).toFixed(1)}%)`;
const pct = (x: number) => `${(100 * x).toFixed(2)} points`;

const started = performance.now();
const planted: ScenarioSummary = simulate(ISSUE_SCENARIO, seeds);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const s = ISSUE_SCENARIO;
console.log(
  `Send times: ${s.contacts} contacts, ${s.campaigns} weekly optimized campaigns after ${s.history} at the ` +
    `habit (Tue 10:00), base human-open rate ${s.baseRate * 100}%, window Mon–Fri 09–18, planted Thu 15:00 ` +
    `+${(s.planted?.lift ?? 0) * 100} points, exploration ${s.explorationShare}, holdout ${s.holdoutShare}; ` +
    `${seeds} seeds in ${seconds} s`,
);
const checks: [string, boolean][] = [
  [
    `planted slot most-sent in the last campaign: ${share(planted.plantedMostSentLast, seeds)} (goal ≥ 90%)`,
    planted.plantedMostSentLast >= 0.9 * seeds,
  ],
  [
    `planted slot most-sent over all ${s.campaigns} campaigns: ${share(planted.plantedMostSentOverall, seeds)} (goal ≥ 90%)`,
    planted.plantedMostSentOverall >= 0.9 * seeds,
  ],
  [
    `holdout lift's 95% interval covers the lift the sends had: ${share(planted.liftCovered, seeds)} (goal ≥ 90%)`,
    planted.liftCovered >= 0.9 * seeds,
  ],
];
for (const [line, ok] of checks) console.log(`  ${ok ? 'met    ' : 'NOT met'} ${line}`);
console.log(
  `  mean lift measured ${pct(planted.meanLift)}, had ${pct(planted.meanTrueLift)}; interval leaves out 0 in ` +
    `${share(planted.liftExcludesZero, seeds)}; slots tried ${planted.meanSlotsTried.toFixed(1)} of 45 on average`,
);
if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
