import { serve } from '@hono/node-server';
import { createApp } from '../app';
import type { Config } from '../config';
import { startNodeRuntime } from './runtime';

/**
 * Kaifu on Node: the runtime (database, hit buffer, due-work loop) behind an HTTP server, stopped cleanly on
 * SIGINT/SIGTERM (the hit buffer is flushed). `banner` says what to tell the person who started it.
 */
export async function serveKaifu(config: Config, banner: (port: number, database: string) => string) {
  const runtime = await startNodeRuntime(config);
  const server = serve({ fetch: createApp(runtime.deps).fetch, port: config.port }, (info) => {
    const where = runtime.databaseKind === 'pglite' ? `embedded database in ${config.dataDir}` : 'Postgres';
    process.stderr.write(banner(info.port, where));
  });
  const shutdown = () => server.close(() => runtime.stop().then(() => process.exit(0)));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}
