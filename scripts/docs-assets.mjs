// Copies Swagger UI's files into dist/public/docs/assets, the Static Assets directory of wrangler.toml: on
// Workers the API reference is served from there, not from a CDN and not inside the script. Run by wrangler's
// [build] command (deploy, dev) and by the workerd test setup.
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const FILES = ['swagger-ui.css', 'swagger-ui-bundle.js'];

export function copyDocsAssets(root = join(import.meta.dirname, '..')) {
  const from = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const to = join(root, 'dist', 'public', 'docs', 'assets');
  mkdirSync(to, { recursive: true });
  for (const file of FILES) copyFileSync(join(from, file), join(to, file));
  return to;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(`copied Swagger UI to ${copyDocsAssets()}`);
