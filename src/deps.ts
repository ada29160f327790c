import type { RuntimeConfig } from './config';
import type { Db } from './db/client';
import type { Logger } from './log';
import type { Mailer } from './mail/mailer';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Everything a handler or service needs, built at the entry and passed in; no module singletons. */
export interface Deps {
  /** Writes and consistent reads (auth, idempotency, rate limits): never served from a cache. */
  db: Db;
  /** Analytics reads that may be served from Hyperdrive's cache; the same database as `db` on Node. */
  analyticsDb: Db;
  /** SendGrid's v3 API; a workspace without a SendGrid key gets the outbox instead. */
  mailer: Mailer;
  clock: Clock;
  config: RuntimeConfig;
  /** Work that may finish after the response: executionCtx.waitUntil on Workers, tracked on Node. */
  defer(promise: Promise<unknown>): void;
  log: Logger;
}
