import postgres from 'postgres';
import { withSecret } from '../src/config.js';
import { connectPostgres, type DatabaseHandle } from '../src/db/client.js';
import { migratePostgresUrl } from '../src/db/migrate.js';
import type { Deps } from '../src/deps.js';
import { createLogger } from '../src/log.js';
import { createSendgridMailer } from '../src/mail/sendgrid-mailer.js';
import { testConfig } from '../test/helpers/test-app.js';

/** The server benchmarks run against; they make and drop their own database on it. */
export const ADMIN_URL =
  process.env.KAIFU_BENCH_PG_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

export async function benchDatabase(
  name: string,
): Promise<{ handle: DatabaseHandle; url: string; drop(): Promise<void> }> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await migratePostgresUrl(url.toString());
  const handle = connectPostgres(url.toString(), { max: 10 });
  return {
    handle,
    url: url.toString(),
    drop: async () => {
      await handle.close();
      const again = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await again.unsafe(`drop database if exists "${name}" with (force)`);
      await again.end();
    },
  };
}

export function benchDeps(handle: DatabaseHandle): Deps {
  return {
    db: handle.db,
    analyticsDb: handle.db,
    mailer: createSendgridMailer({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 30_000 }),
    clock: { now: () => new Date() },
    config: withSecret(testConfig({ rateLimitPerMinute: 1_000_000 })),
    log: createLogger('error'),
    recordHit: async () => {},
  };
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * A bench's figure as a ratio against a baseline from the same run: by default the raw multi-row insert (the
 * issues' baseline), with the fastest plain insert beside it when `strictRatio` is given.
 */
export interface RatioBench {
  name: string;
  ratio: number;
  goal: number;
  /** What the ratio divides by, when it is not the raw multi-row insert. */
  baseline?: string;
  strictRatio?: number;
}

/** A pure computation's median time against a time goal: there is no baseline to divide by. */
export interface TimeBench {
  name: string;
  medianMs: number;
  goalMs: number;
}

export type BenchResult = RatioBench | TimeBench;
