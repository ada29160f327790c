import { createApp } from '../app.js';
import { ConfigError, parseConfig, type RuntimeConfig, withSecret } from '../config.js';
import { connectPostgres, type Db } from '../db/client.js';
import type { Deps } from '../deps.js';
import { systemClock } from '../deps.js';
import { analyticsEngineCounters } from '../lib/counters.js';
import { createLogger } from '../log.js';
import { createSendgridMailer } from '../mail/sendgrid-mailer.js';
import { GIF, GIF_HEADERS } from '../routes/tracking/pixel.js';
import { runDueWork } from '../services/due-work.js';
import { createLinkCache } from '../services/tracking/link-cache.js';
import { storeHits } from '../services/tracking/record-hits.js';

export interface WorkerEnv extends Record<string, unknown> {
  HYPERDRIVE: Hyperdrive;
  HYPERDRIVE_CACHED: Hyperdrive;
  /** Workers Analytics Engine: Kaifu's counters (wrangler.toml; without it, no counters are kept). */
  KAIFU_METRICS?: AnalyticsEngineDataset;
}

type Setup = { config: RuntimeConfig } | { problem: string };

// Per isolate: the parsed configuration (by bindings object, which an isolate keeps) and the link cache — plain
// memory, no I/O object, so they may outlive a request (database clients may not).
const setups = new WeakMap<object, Setup>();
const linkCache = createLinkCache();

/** The configuration, parsed once per isolate; a bad one is logged once, naming the setting, and kept as such. */
function setupOf(env: WorkerEnv): Setup {
  let setup = setups.get(env);
  if (setup) return setup;
  try {
    setup = { config: withSecret(parseConfig(env, { embedded: false, requirePublicUrl: true })) };
  } catch (error) {
    const problem = error instanceof ConfigError ? error.message : String(error);
    console.error(JSON.stringify({ time: new Date().toISOString(), level: 'error', message: problem }));
    setup = { problem };
  }
  setups.set(env, setup);
  return setup;
}

/** Deps for one request. Database clients are made per request, when a route first asks, and never ended:
 * ending one inside workerd cancels its stream mid-flight. */
function workerDeps(
  env: WorkerEnv,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  config: RuntimeConfig,
) {
  let db: Db | undefined;
  let analyticsDb: Db | undefined;
  const log = createLogger(config.logLevel, consoleByLevel);
  const deps: Deps = {
    get db() {
      db ??= connectPostgres(env.HYPERDRIVE.connectionString, { max: 5 }).db;
      return db;
    },
    get analyticsDb() {
      analyticsDb ??= connectPostgres(env.HYPERDRIVE_CACHED.connectionString, { max: 5 }).db;
      return analyticsDb;
    },
    mailer: createSendgridMailer(config.sendgrid),
    clock: systemClock,
    config,
    log,
    ...(env.KAIFU_METRICS ? { counters: analyticsEngineCounters(env.KAIFU_METRICS, log) } : {}),
    linkCache,
    // One short transaction per hit, after the response: isolates share no buffer to batch in.
    recordHit: async (hit) =>
      ctx.waitUntil(
        storeHits({ deps, hits: [hit] }).catch((error) =>
          deps.log.error('storing a tracking hit failed', { error }),
        ),
      ),
  };
  return deps;
}

/** Workers Logs files a line by the console method that wrote it. */
const consoleByLevel = (line: string, level: string) =>
  level === 'error' ? console.error(line) : level === 'warn' ? console.warn(line) : console.log(line);

/** Misconfigured: the pixel still answers its image (mail must not look broken); everything else a 500. */
function misconfigured(request: Request): Response {
  if (new URL(request.url).pathname.startsWith('/t/o/')) return new Response(GIF, { headers: GIF_HEADERS });
  const error = {
    code: 'internal',
    message: 'Kaifu is misconfigured; its operator must fix a setting (see the Worker logs)',
    requestId: '',
  };
  return Response.json({ error }, { status: 500 });
}

const app = createApp((c) => {
  const ready = setupOf(c.env as WorkerEnv);
  if (!('config' in ready)) throw new Error(ready.problem);
  return workerDeps(c.env as WorkerEnv, c.executionCtx, ready.config);
});

export default {
  fetch(request, env, ctx) {
    return 'config' in setupOf(env) ? app.fetch(request, env, ctx) : misconfigured(request);
  },
  scheduled(controller, env, ctx) {
    const ready = setupOf(env);
    if (!('config' in ready)) return;
    ctx.waitUntil(
      runDueWork({ deps: workerDeps(env, ctx, ready.config), now: new Date(controller.scheduledTime) }),
    );
  },
} satisfies ExportedHandler<WorkerEnv>;
