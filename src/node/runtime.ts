import { type Config, withSecret } from '../config';
import { type Deps, systemClock } from '../deps';
import { createLogger } from '../log';
import { createSendgridMailer } from '../mail/sendgrid-mailer';
import { runDueWork } from '../services/due-work';
import { storeHits, type TrackingHit } from '../services/tracking/record-hits';
import { announceFirstWorkspace, openNodeDatabase } from './database';
import { createHitBuffer } from './hit-buffer';

const DUE_WORK_INTERVAL_MS = 15_000;
// Tracking hits: stored in transactions of up to 1,000, at least every quarter second; 100,000 may wait.
const HIT_BATCH = 1000;
const HIT_FLUSH_MS = 250;
const HIT_CAPACITY = 100_000;

/** Deps for a Node process: its database, the tracking-hit buffer and the due-work loop; `stop` flushes all. */
export async function startNodeRuntime(config: Config) {
  const log = createLogger(config.logLevel, (line) => process.stdout.write(`${line}\n`));
  const database = await openNodeDatabase(config);
  announceFirstWorkspace(database.firstWorkspace, Boolean(config.adminKey));
  const deps: Deps = {
    db: database.handle.db,
    analyticsDb: database.handle.db,
    mailer: createSendgridMailer(config.sendgrid),
    clock: systemClock,
    config: withSecret(config, database.secret),
    log,
    recordHit: (hit) => hits.add(hit),
    pendingHits: () => hits.size(),
  };
  const hits = createHitBuffer<TrackingHit>({
    write: (batch) => storeHits(deps, batch),
    batchSize: HIT_BATCH,
    intervalMs: HIT_FLUSH_MS,
    capacity: HIT_CAPACITY,
    log,
  });
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = runDueWork(deps, new Date()).catch((error) => log.error('due work failed', { error }));
  };
  tick();
  const timer = setInterval(() => running.then(tick), DUE_WORK_INTERVAL_MS);
  return {
    deps,
    databaseKind: database.handle.kind,
    async stop() {
      clearInterval(timer);
      await running;
      await hits
        .close()
        .catch((error) => log.error('tracking hits lost at shutdown', { error, lost: hits.size() }));
      await database.close();
    },
  };
}
