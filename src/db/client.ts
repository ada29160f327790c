import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index.js';

/** Either driver's drizzle database: postgres.js (Postgres, Hyperdrive) or PGlite (embedded). */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

export function connectPostgres(url: string, options: { max?: number } = {}): DatabaseHandle {
  // fetch_types off: Hyperdrive and our schema need no custom type lookups, and it saves a round trip.
  const client = postgres(url, { max: options.max ?? 10, fetch_types: false, onnotice: () => {} });
  return {
    db: drizzle(client, { schema }),
    kind: 'postgres',
    close: () => client.end({ timeout: 5 }),
  };
}

/** Rows of a raw query; postgres.js answers an array, PGlite an object holding one. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}
