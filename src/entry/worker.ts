import { createApp } from '../app.js';
import { parseConfig, withSecret } from '../config.js';
import { connectPostgres } from '../db/client.js';
import type { Deps } from '../deps.js';
import { systemClock } from '../deps.js';
import { createLogger } from '../log.js';
import { createSendgridMailer } from '../mail/sendgrid-mailer.js';
import { runDueWork } from '../services/due-work.js';
import { createLinkCache } from '../services/tracking/link-cache.js';
import { storeHits } from '../services/tracking/record-hits.js';

export interface WorkerEnv extends Record<string, unknown> {
  HYPERDRIVE: Hyperdrive;
  HYPERDRIVE_CACHED: Hyperdrive;
}

// Per isolate: plain memory, no I/O object, so it may outlive a request (clients may not).
const linkCache = createLinkCache();

// Clients are made per request and never ended: ending one inside workerd cancels its stream mid-flight.
function workerDeps(env: WorkerEnv, ctx: { waitUntil(promise: Promise<unknown>): void }): Deps {
  const config = withSecret(parseConfig(env, { embedded: false, requirePublicUrl: true }));
  const deps: Deps = {
    db: connectPostgres(env.HYPERDRIVE.connectionString, { max: 5 }).db,
    analyticsDb: connectPostgres(env.HYPERDRIVE_CACHED.connectionString, { max: 5 }).db,
    mailer: createSendgridMailer(config.sendgrid),
    clock: systemClock,
    config,
    log: createLogger(config.logLevel),
    linkCache,
    // One short transaction per hit, after the response: isolates share no buffer to batch in.
    recordHit: async (hit) =>
      ctx.waitUntil(
        storeHits(deps, [hit]).catch((error) => deps.log.error('storing a tracking hit failed', { error })),
      ),
  };
  return deps;
}

const app = createApp((c) => workerDeps(c.env as WorkerEnv, c.executionCtx));

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runDueWork(workerDeps(env, ctx), new Date(controller.scheduledTime)));
  },
} satisfies ExportedHandler<WorkerEnv>;
