import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { App } from '../http/types.js';
import { DOCS_ASSETS, DOCS_ASSETS_PATH } from '../routes/system/docs.js';

const packageDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/**
 * On Node, Swagger UI's files straight from node_modules (on Workers, Static Assets serve them before the
 * script runs). Only the named files, read once and kept: no path from the request reaches the file system.
 */
export function registerDocsAssets(app: App) {
  const files = new Map<string, Promise<Uint8Array<ArrayBuffer>>>();
  app.get(`${DOCS_ASSETS_PATH}/:file`, async (c) => {
    const name = c.req.param('file');
    // Own keys only: `constructor` or `__proto__` must be a 404, not a file read.
    const type = Object.hasOwn(DOCS_ASSETS, name) ? DOCS_ASSETS[name] : undefined;
    if (!type) return c.notFound();
    let file = files.get(name);
    if (!file) {
      file = readFile(join(packageDir, name)).then((b) => new Uint8Array(b));
      files.set(name, file);
    }
    return c.body(await file, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
  });
}
