import type { RuntimeConfig } from './config.js';
import type { Db } from './db/client.js';
import type { Counters } from './lib/counters.js';
import type { Logger } from './log.js';
import type { Mailer } from './mail/mailer.js';
import type { TrackingHit } from './services/tracking/hit.js';
import type { LinkCache } from './services/tracking/link-cache.js';
import type { TokenClaims } from './services/tracking/tokens.js';

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
  /**
   * Stores a verified pixel or click hit off the response path: a bounded buffer flushed in batches on Node,
   * `waitUntil` on Workers. Resolves once the hit is safe to answer for.
   */
  recordHit(hit: TrackingHit): Promise<void>;
  /**
   * Keeps a one-click unsubscribe durably when the database cannot take it (Node: a journal file replayed on
   * recovery); absent where nothing durable is at hand (Workers), and the unsubscribe is then refused for retry.
   */
  journalUnsubscribe?(claims: TokenClaims, at: Date): Promise<void>;
  /** Campaigns' tracked links, kept in memory so clicks redirect without the database. */
  linkCache?: LinkCache;
  /** Hits this process holds and has not stored yet (Node's buffer); absent where hits are not buffered. */
  pendingHits?(): number;
  /** Counters: this process's, for /metrics (Node); Analytics Engine data points (Workers, when bound). */
  counters?: Counters;
  log: Logger;
}
