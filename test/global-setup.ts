import { spawnSync } from 'node:child_process';
import { migratePostgresUrl } from '../src/db/migrate.js';
import { createDatabase, dropDatabase, TEMPLATE_DB } from './helpers/postgres.js';

/**
 * One migrated template database per run; each test file clones it (fast, and files stay independent). And
 * dist/ built, as `npm start` builds it: the process tests run node on it.
 */
export default async function setup() {
  const build = spawnSync(
    process.execPath,
    ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'],
    {
      encoding: 'utf8',
    },
  );
  if (build.status !== 0) throw new Error(`building dist/ failed:\n${build.stdout}${build.stderr}`);
  const url = await createDatabase(TEMPLATE_DB);
  await migratePostgresUrl(url);
  return async () => {
    await dropDatabase(TEMPLATE_DB);
  };
}
