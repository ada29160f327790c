import { type Config, withSecret } from '../config';
import { type Deps, systemClock } from '../deps';
import { createLogger } from '../log';
import { createSendgridMailer } from '../mail/sendgrid-mailer';
import { runDueWork } from '../services/due-work';
import { announceFirstWorkspace, openNodeDatabase } from './database';

const DUE_WORK_INTERVAL_MS = 15_000;

/** Deps for a Node process: its database, a tracked `defer`, and the due-work loop; `stop` flushes all. */
export async function startNodeRuntime(config: Config) {
  const log = createLogger(config.logLevel, (line) => process.stdout.write(`${line}\n`));
  const database = await openNodeDatabase(config);
  announceFirstWorkspace(database.firstWorkspace, Boolean(config.adminKey));
  const pending = new Set<Promise<unknown>>();
  const deps: Deps = {
    db: database.handle.db,
    analyticsDb: database.handle.db,
    mailer: createSendgridMailer(config.sendgrid),
    clock: systemClock,
    config: withSecret(config, database.secret),
    log,
    defer(promise) {
      const tracked = promise
        .catch((error) => log.error('deferred work failed', { error }))
        .finally(() => pending.delete(tracked));
      pending.add(tracked);
    },
  };
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
      await Promise.allSettled([...pending]);
      await database.close();
    },
  };
}
