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

// Every pool: a connection must be made within CONNECT_TIMEOUT_S. Migrations have a client of their own.
export const CONNECT_TIMEOUT_S = 5;

export interface PoolOptions {
  max?: number;
  /**
   * Postgres cancels a statement running longer (a startup parameter). Node sets it; Workers do not, since
   * Hyperdrive pools in transaction mode and does not carry a client's startup parameters to its connections.
   */
  statementTimeoutMs?: number;
  /** postgres.js's `socket` option: on Node, watchedSocket, so that a silent server cannot hang a query. */
  socket?: (options: { host: string[]; port: number[] }) => Promise<unknown>;
}

export function connectPostgres(url: string, options: PoolOptions = {}): DatabaseHandle {
  const client = postgres(url, {
    max: options.max ?? 10,
    connect_timeout: CONNECT_TIMEOUT_S,
    ...(options.statementTimeoutMs ? { connection: { statement_timeout: options.statementTimeoutMs } } : {}),
    // fetch_types off: Hyperdrive and our schema need no custom type lookups, and it saves a round trip.
    fetch_types: false,
    onnotice: () => {},
    ...(options.socket ? { socket: options.socket as never } : {}),
  });
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

// Connection-level failures (postgres.js codes, SQLSTATE classes 08 and 57P0x, 53300): the request may be retried.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57014', // statement_timeout: the database is too slow to answer now
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

/** A failure to reach the database (a retry may succeed), not a failure of the statement. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  }
  return false;
}
