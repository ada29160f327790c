import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import type { Config } from '../config.js';
import { createNodeApp } from './app.js';
import { startNodeRuntime } from './runtime.js';

// How long requests in flight may take to finish after a stop signal, and how long the whole stop may take
// (then the process exits anyway, with 1): a container runtime sends SIGKILL some seconds after SIGTERM.
const DRAIN_MS = 5_000;
const STOP_MS = 20_000;

/**
 * Kaifu on Node: the runtime (database, hit buffer, due-work loop) behind an HTTP server. SIGTERM or SIGINT
 * stops it in order: no new connections, requests in flight finished (idle keep-alive connections closed at
 * once, busy ones after DRAIN_MS), every buffered hit stored, the database closed, exit 0 — or 1 when something
 * could not be stored or the stop overran STOP_MS. `banner` says what to tell the person who started it.
 */
export async function serveKaifu(config: Config, banner: (port: number, database: string) => string) {
  const runtime = await startNodeRuntime(config);
  const { log } = runtime.deps;
  const server = serve({ fetch: createNodeApp(runtime.deps).fetch, port: config.port }, (info) => {
    const where = runtime.databaseKind === 'pglite' ? `embedded database in ${config.dataDir}` : 'Postgres';
    process.stderr.write(banner(info.port, where));
  }) as Server;
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    setTimeout(() => {
      log.error('stopping took too long; exiting', { afterMs: STOP_MS });
      process.exit(1);
    }, STOP_MS).unref();
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const busy = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    busy.unref();
    void drained
      .then(() => runtime.stop())
      .then(
        (complete) => {
          log.info('stopped', { complete });
          process.exit(complete ? 0 : 1);
        },
        (error) => {
          log.error('stopping failed', { error });
          process.exit(1);
        },
      );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
