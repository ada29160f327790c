import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { queryRows } from '../src/db/client.js';
import { createTokenSigner } from '../src/services/tracking/tokens.js';
import { createWorkspace } from '../src/services/workspaces/create-workspace.js';
import { freePort } from '../test/helpers/node-process.js';
import { benchDatabase, fmt, median, type RatioBench } from './support.js';

const HITS = Number(process.env.BENCH_HITS ?? 60_000);
const ROUNDS = 3;
const MESSAGES = Math.ceil(HITS / 2);
const CONCURRENCY = 50;
const SECRET = 'bench-pixel-secret-bench-pixel-secret-01';
const root = join(import.meta.dirname, '..');
// The Kaifu server's Postgres connections go by this name, so their CPU time can be told from the bench's own.
const SERVER_APP_NAME = 'kaifu-pixel-bench-server';

interface Round {
  bareRate: number;
  rate: number;
  answeredMs: number;
  recordedMs: number;
  perHit: { bareServer: number; bareClient: number; server: number; postgres: number; client: number };
}

async function startServer(script: string, env: Record<string, string>) {
  const port = await freePort();
  // BENCH_PROFILE_DIR=dir: both servers write a CPU profile there (node --cpu-prof, named after the script), to
  // see where the time goes.
  const profile = process.env.BENCH_PROFILE_DIR;
  const name = script.replaceAll('/', '-').replace(/\.ts$/, '.cpuprofile');
  const args = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`, `--cpu-prof-name=${name}`] : [];
  // node itself, not the tsx launcher, so that the child's pid is the server's (its CPU time is read from /proc).
  const child = spawn(join(root, 'node_modules', '.bin', 'node'), [...args, '--import', 'tsx', script], {
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

/** CPU time (user + system, ms) a process has used so far, from /proc; NaN where there is no /proc. */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}
const CLOCK_TICKS = 100;

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
    const ws = await createWorkspace({ db: db.handle.db, input: { name: 'Bench', now: new Date() } });
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
      PGAPPNAME: SERVER_APP_NAME,
    });
    const count = async () =>
      (await queryRows<{ n: number }>(db.handle.db, sql`select count(*)::int as n from events`))[0]?.n ?? 0;
    const postgresMs = async () => {
      const backends = await queryRows<{ pid: number }>(
        db.handle.db,
        sql`select pid from pg_stat_activity where application_name = ${SERVER_APP_NAME}`,
      );
      return new Map(backends.map((b) => [b.pid, cpuMs(b.pid)]));
    };
    const clientMs = () => {
      const used = process.cpuUsage();
      return (used.user + used.system) / 1000;
    };
    // Rounds alternate the two servers, so a noisy neighbour on this shared machine hits both alike.
    const rounds: Round[] = [];
    let failed = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const bareCpu = cpuMs(bare.child.pid);
      const bareClient = clientMs();
      const bareStarted = performance.now();
      failed += await load(bare.port, paths);
      const bareMs = performance.now() - bareStarted;
      const bareUsage = { server: cpuMs(bare.child.pid) - bareCpu, client: clientMs() - bareClient };

      const kaifuCpu = cpuMs(kaifu.child.pid);
      const postgresBefore = await postgresMs();
      const kaifuClient = clientMs();
      const started = performance.now();
      failed += await load(kaifu.port, paths);
      const answeredMs = performance.now() - started;
      const kaifuClientUsed = clientMs() - kaifuClient;
      while ((await count()) < HITS * round && performance.now() - started < answeredMs + 60_000) {
        await new Promise((r) => setTimeout(r, 10));
      }
      const recordedMs = performance.now() - started;
      const postgresAfter = await postgresMs();
      let postgres = 0;
      for (const [pid, ms] of postgresAfter) postgres += ms - (postgresBefore.get(pid) ?? 0);
      rounds.push({
        bareRate: HITS / (bareMs / 1000),
        rate: HITS / (recordedMs / 1000),
        answeredMs,
        recordedMs,
        // CPU microseconds per hit: where the time goes.
        perHit: {
          bareServer: (bareUsage.server * 1000) / HITS,
          bareClient: (bareUsage.client * 1000) / HITS,
          server: ((cpuMs(kaifu.child.pid) - kaifuCpu) * 1000) / HITS,
          postgres: (postgres * 1000) / HITS,
          client: (kaifuClientUsed * 1000) / HITS,
        },
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
    // Two cores carry the load generator, the server and Postgres alike: every CPU microsecond a hit costs
    // anywhere is throughput lost, so this is where the ratio comes from.
    const us = (key: keyof Round['perHit']) => median(rounds.map((r) => r.perHit[key])).toFixed(0);
    console.log(
      `  CPU per hit (µs, median): bare round: load generator ${us('bareClient')} + bare server ` +
        `${us('bareServer')}; Kaifu round: load generator ${us('client')} + Kaifu server ${us('server')} + ` +
        `Postgres ${us('postgres')}`,
    );
    if (recorded !== HITS * ROUNDS) throw new Error(`lost ${HITS * ROUNDS - recorded} hits`);
    return { name: 'pixel', ratio, goal: 0.85, baseline: 'a bare GIF route' };
  } finally {
    await db.drop();
  }
}
