import { type Config, withSecret } from '../config.js';
import { type Deps, systemClock } from '../deps.js';
import { createCounters } from '../lib/counters.js';
import { createLogger } from '../log.js';
import { createSendgridMailer } from '../mail/sendgrid-mailer.js';
import { runDueWork } from '../services/due-work.js';
import type { TrackingHit } from '../services/tracking/hit.js';
import { createLinkCache } from '../services/tracking/link-cache.js';
import { storeHits } from '../services/tracking/record-hits.js';
import { unsubscribeByToken } from '../services/tracking/unsubscribe.js';
import { announceFirstWorkspace, openNodeDatabase } from './database.js';
import { createHitBuffer } from './hit-buffer.js';
import { createUnsubscribeJournal } from './unsubscribe-journal.js';

const DUE_WORK_INTERVAL_MS = 15_000;
// Tracking hits: stored in transactions of up to 1,000, at least every quarter second; answered before they are
// stored only while the oldest waiting is under a second old (the loss window of a kill -9); 100,000 may wait.
const HIT_BATCH = 1000;
const HIT_FLUSH_MS = 250;
const HIT_MAX_WAIT_MS = 1000;
const HIT_CAPACITY = 100_000;

/** Deps for a Node process: its database, the tracking-hit buffer and the due-work loop; `stop` flushes all. */
export async function startNodeRuntime(config: Config) {
  const log = createLogger(config.logLevel, (line) => process.stdout.write(`${line}\n`));
  const database = await openNodeDatabase(config);
  const journal = createUnsubscribeJournal(config.dataDir, log);
  announceFirstWorkspace(database.firstWorkspace, Boolean(config.adminKey));
  const deps: Deps = {
    db: database.handle.db,
    analyticsDb: database.handle.db,
    mailer: createSendgridMailer(config.sendgrid),
    clock: systemClock,
    config: withSecret(config, database.secret),
    log,
    linkCache: createLinkCache(),
    journalUnsubscribe: (claims, at) => journal.append(claims, at),
    recordHit: (hit) => hits.add(hit),
    pendingHits: () => hits.size(),
    counters: createCounters(),
  };
  const hits = createHitBuffer<TrackingHit>({
    write: (batch) => storeHits({ deps, hits: batch }),
    batchSize: HIT_BATCH,
    intervalMs: HIT_FLUSH_MS,
    maxWaitMs: HIT_MAX_WAIT_MS,
    capacity: HIT_CAPACITY,
    log,
  });
  let running: Promise<unknown> = Promise.resolve();
  // On start and on every tick (so also on recovery): journaled unsubscribes first, they are owed.
  const replayUnsubscribes = () =>
    journal.replay(async (e) => {
      await unsubscribeByToken({ deps, claims: e, now: new Date(e.at) });
    });
  const tick = () => {
    running = replayUnsubscribes()
      .then((replayed) => replayed > 0 && log.info('journaled unsubscribes carried out', { replayed }))
      .then(() => runDueWork({ deps, now: new Date() }))
      .catch((error) => log.error('due work failed', { error }));
  };
  tick();
  const timer = setInterval(() => running.then(tick), DUE_WORK_INTERVAL_MS);
  return {
    deps,
    databaseKind: database.handle.kind,
    /** Stops the loop, stores every buffered hit and closes the database; false when hits could not be stored. */
    async stop(): Promise<boolean> {
      clearInterval(timer);
      // Hits are flushed while due work finishes, not after: a dispatch retrying a settlement must not keep
      // them from the database.
      const [stored] = await Promise.all([
        hits.close().then(
          () => true,
          (error) => {
            log.error('tracking hits lost at shutdown', { error, lost: hits.size() });
            return false;
          },
        ),
        running,
      ]);
      await database.close();
      return stored;
    },
  };
}
