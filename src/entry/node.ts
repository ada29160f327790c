import { serve } from '@hono/node-server';
import { createApp } from '../app';
import { ConfigError, parseConfig } from '../config';
import { startNodeRuntime } from '../node/runtime';

try {
  const config = parseConfig(process.env, { embedded: true });
  const runtime = await startNodeRuntime(config);
  const server = serve({ fetch: createApp(runtime.deps).fetch, port: config.port }, (info) => {
    const where = runtime.databaseKind === 'pglite' ? `embedded database in ${config.dataDir}` : 'Postgres';
    process.stderr.write(
      `Kaifu is listening on http://localhost:${info.port} (${where}).\n` +
        `API reference: http://localhost:${info.port}/docs   Health: http://localhost:${info.port}/healthz\n` +
        'Admin key: printed above on first start only. To make a new workspace and key, stop Kaifu and run\n' +
        '  npm run kaifu -- workspace create NAME\n',
    );
  });
  const shutdown = () => server.close(() => runtime.stop().then(() => process.exit(0)));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
}
