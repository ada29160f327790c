import { migratePostgresUrl } from '../src/db/migrate';
import { createDatabase, dropDatabase, TEMPLATE_DB } from './helpers/postgres';

/** One migrated template database per run; each test file clones it (fast, and files stay independent). */
export default async function setup() {
  const url = await createDatabase(TEMPLATE_DB);
  await migratePostgresUrl(url);
  return async () => {
    await dropDatabase(TEMPLATE_DB);
  };
}
