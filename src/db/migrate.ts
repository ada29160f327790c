import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { DatabaseHandle } from './client.js';

const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));
// Any constant works; it only has to be the same for every copy of Kaifu migrating one database.
const MIGRATION_LOCK = 4_715_342_001;

/** Applies migrations/ to Postgres; an advisory lock lets two deploys or two Node starts race safely. */
export async function migratePostgresUrl(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzle(client), { migrationsFolder });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Applies migrations/ to an open PGlite database (single process: no lock needed). */
export async function migratePglite(handle: DatabaseHandle): Promise<void> {
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  // biome-ignore lint/suspicious/noExplicitAny: the PGlite migrator wants its own driver's database type
  await migrate(handle.db as any, { migrationsFolder });
}
