import { ConfigError, parseConfig } from '../config.js';
import { serveKaifu } from '../node/server.js';

try {
  const config = parseConfig(process.env, { embedded: true });
  await serveKaifu(
    config,
    (port, where) =>
      `Kaifu is listening on http://localhost:${port} (${where}).\n` +
      `API reference: http://localhost:${port}/docs   Health: http://localhost:${port}/healthz\n` +
      'Admin key: printed above on first start only. To make a new workspace and key, stop Kaifu and run\n' +
      '  npm run kaifu -- workspace create NAME\n',
  );
} catch (error) {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
}
