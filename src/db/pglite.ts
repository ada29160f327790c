import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import type { DatabaseHandle } from './client.js';
import * as schema from './schema/index.js';

/** Embedded Postgres for Node when DATABASE_URL is unset; in memory when no directory is given (tests). */
export async function openPglite(dataDir?: string): Promise<DatabaseHandle> {
  const client = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  return {
    db: drizzle(client, { schema }),
    kind: 'pglite',
    close: () => client.close(),
  };
}
