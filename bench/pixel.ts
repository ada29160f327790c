import { type ChildProcess, spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client';
import { createWorkspace } from '../src/services/workspaces/create-workspace';
import { createTokenSigner } from '../src/tracking/tokens';
import { freePort } from '../test/helpers/node-process';
import { benchDatabase, fmt, median, type RatioBench } from './support';

const HITS = Number(process.env.BENCH_HITS ?? 60_000);
const ROUNDS = 3;
const MESSAGES = Math.ceil(HITS / 2);
const CONCURRENCY = 50;
const SECRET = 'bench-pixel-secret-bench-pixel-secret-01';
const root = join(import.meta.dirname, '..');

async function startServer(script: string, env: Record<string, string>) {
  const port = await freePort();
  // BENCH_PROFILE_DIR=dir: the Kaifu server writes a CPU profile there (node --cpu-prof), to see where time goes.
  const profile = script.startsWith('src/') ? process.env.BENCH_PROFILE_DIR : undefined;
  const bin = join(root, 'node_modules', '.bin', profile ? 'node' : 'tsx');
  const args = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`, '--import', 'tsx', script] : [script];
  const child = spawn(bin, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr?.on('data', (d) => {
      err += d;
      if (err.includes('Kaifu is listening')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`${script} exited ${code}: ${err}`)));
  });
  return { child, port };
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });

/** GETs every path at the given concurrency over keep-alive connections; answers failures. */
async function load(port: number, paths: string[]): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = 0;
  let failed = 0;
  const one = (path: string) =>
    new Promise<void>((resolve) => {
      const req = request(
        { host: '127.0.0.1', port, path, agent, headers: { 'User-Agent': 'Mozilla/5.0 (iPhone)' } },
        (res) => {
          if (res.statusCode !== 200) failed++;
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end();
    });
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < paths.length; i = next++) await one(paths[i] ?? '/');
    }),
  );
  agent.destroy();
  return failed;
}

/**
 * Pixel hits against the real Node server recording every one (buffered, flushed in batches to Postgres), as a
 * ratio against the same stack answering the same GIF and recording nothing. The clock runs until the last hit
 * is in Postgres: flush time counts.
 */
export async function benchPixel(): Promise<RatioBench> {
  const db = await benchDatabase('kaifu_bench_pixel');
  try {
    const ws = await createWorkspace(db.handle.db, { name: 'Bench', now: new Date() });
    const ids = await queryRows<{ id: string }>(
      db.handle.db,
      sql`insert into messages (workspace_id, id, campaign_id, contact_id, status, timezone, scheduled_at, due_at, sent_at)
          select ${ws.workspaceId}, gen_random_uuid(), ${ws.workspaceId}, gen_random_uuid(), 'sent', 'UTC', now(), now(), now()
          from generate_series(1, ${MESSAGES}) returning id`,
    );
    const signer = await createTokenSigner(SECRET);
    const paths = Array.from(
      { length: HITS },
      (_, i) =>
        `/t/o/${signer.sign({ kind: 'open', workspaceId: ws.workspaceId, messageId: ids[i % ids.length]?.id ?? '', link: 0 })}`,
    );

    const bare = await startServer('bench/bare-pixel-server.ts', {});
    const kaifu = await startServer('src/entry/node.ts', {
      DATABASE_URL: db.url,
      KAIFU_SECRET: SECRET,
      LOG_LEVEL: 'warn',
    });
    const count = async () =>
      (await queryRows<{ n: number }>(db.handle.db, sql`select count(*)::int as n from events`))[0]?.n ?? 0;
    // Rounds alternate the two servers, so a noisy neighbour on this shared machine hits both alike.
    const rounds: { bareRate: number; rate: number; answeredMs: number; recordedMs: number }[] = [];
    let failed = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const bareStarted = performance.now();
      failed += await load(bare.port, paths);
      const bareMs = performance.now() - bareStarted;
      const started = performance.now();
      failed += await load(kaifu.port, paths);
      const answeredMs = performance.now() - started;
      while ((await count()) < HITS * round && performance.now() - started < answeredMs + 60_000) {
        await new Promise((r) => setTimeout(r, 10));
      }
      const recordedMs = performance.now() - started;
      rounds.push({
        bareRate: HITS / (bareMs / 1000),
        rate: HITS / (recordedMs / 1000),
        answeredMs,
        recordedMs,
      });
    }
    await stop(bare.child);
    await stop(kaifu.child);
    const recorded = await count();

    const ratios = rounds.map((r) => r.rate / r.bareRate);
    const ratio = median(ratios);
    const mid = rounds[ratios.indexOf(ratio)] ?? rounds[0];
    console.log(
      `pixel: ${fmt(mid?.rate ?? 0)} hits/s recorded (median of ${ROUNDS} rounds of ${fmt(HITS)} hits at concurrency ` +
        `${CONCURRENCY}: answered in ${((mid?.answeredMs ?? 0) / 1000).toFixed(1)} s, all in Postgres after ` +
        `${((mid?.recordedMs ?? 0) / 1000).toFixed(1)} s); ${fmt(recorded)} of ${fmt(HITS * ROUNDS)} recorded, ` +
        `${failed} failed\n  vs a bare route answering the same GIF: ${fmt(mid?.bareRate ?? 0)} hits/s, ratio ` +
        `${ratio.toFixed(2)} (goal ≥ 0.85; rounds ${ratios.map((r) => r.toFixed(2)).join(', ')})`,
    );
    if (recorded !== HITS * ROUNDS) throw new Error(`lost ${HITS * ROUNDS - recorded} hits`);
    return { name: 'pixel', ratio, goal: 0.85, baseline: 'a bare GIF route' };
  } finally {
    await db.drop();
  }
}
