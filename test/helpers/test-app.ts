import { afterAll, beforeAll } from 'vitest';
import { type Config, parseConfig, type RuntimeConfig, withSecret } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { migratePglite } from '../../src/db/migrate.js';
import { openPglite } from '../../src/db/pglite.js';
import type { Clock, Deps } from '../../src/deps.js';
import type { App } from '../../src/http/types.js';
import { createLogger } from '../../src/log.js';
import { createSendgridMailer } from '../../src/mail/sendgrid-mailer.js';
import { createNodeApp } from '../../src/node/app.js';
import { connectNodePostgres } from '../../src/node/postgres-pool.js';
import { route as createKey } from '../../src/routes/keys/create.js';
import type { Role } from '../../src/services/keys/roles.js';
import { storeHits } from '../../src/services/tracking/record-hits.js';
import { type CreatedWorkspace, createWorkspace } from '../../src/services/workspaces/create-workspace.js';
import { bodyOf } from './bodies.js';
import { createDatabase, dropDatabase, TEMPLATE_DB } from './postgres.js';

export type Backend = 'postgres' | 'pglite';
export const BACKENDS: Backend[] = ['postgres', 'pglite'];

export class TestClock implements Clock {
  constructor(private current = new Date('2026-11-26T09:00:00.000Z')) {}
  now() {
    return new Date(this.current);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export const TEST_METRICS_TOKEN = 'test-metrics-token-0123456789';

export const testConfig = (overrides: Partial<Config> = {}): RuntimeConfig =>
  withSecret({
    ...parseConfig(
      { KAIFU_SECRET: 'test-secret-test-secret-test-secret-0001', KAIFU_METRICS_TOKEN: TEST_METRICS_TOKEN },
      { embedded: false },
    ),
    ...overrides,
  });

/** GET /metrics as the operator's scraper does. */
export const scrape = (ctx: TestContext) =>
  ctx.request('/metrics', { headers: { Authorization: `Bearer ${TEST_METRICS_TOKEN}` } });

export interface TestDatabase {
  backend: Backend;
  handle: DatabaseHandle;
  /** Another connection pool to the same database, as a second process would have (PGlite: the same). */
  openSecond(): DatabaseHandle;
  close(): Promise<void>;
}

let counter = 0;

export async function openTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const handle = await openPglite();
    await migratePglite(handle);
    return { backend, handle, openSecond: () => handle, close: () => handle.close() };
  }
  const name = `kaifu_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const url = await createDatabase(name, TEMPLATE_DB);
  const handle = connectNodePostgres(url, { max: 5 });
  const seconds: DatabaseHandle[] = [];
  return {
    backend,
    handle,
    openSecond: () => {
      const second = connectNodePostgres(url, { max: 5 });
      seconds.push(second);
      return second;
    },
    close: async () => {
      await Promise.all([handle, ...seconds].map((h) => h.close()));
      await dropDatabase(name);
    },
  };
}

export interface TestContext {
  db: TestDatabase;
  clock: TestClock;
  logs: string[];
  deps: Deps;
  app: App;
  /** Two workspaces, each with its admin key. */
  a: CreatedWorkspace;
  b: CreatedWorkspace;
  makeDeps(overrides?: Partial<Deps>): Deps;
  keyFor(workspace: CreatedWorkspace, role: Role): Promise<string>;
  request(path: string, init?: RequestInit & { key?: string; json?: unknown }): Promise<Response>;
}

/** A fresh database per file with two workspaces; the app under test is the real one. */
export function useTestContext(backend: Backend, configOverrides: Partial<Config> = {}): TestContext {
  const ctx = {} as TestContext;
  beforeAll(async () => {
    ctx.db = await openTestDatabase(backend);
    ctx.clock = new TestClock();
    ctx.logs = [];
    ctx.makeDeps = (overrides = {}) => {
      const deps: Deps = {
        db: ctx.db.handle.db,
        analyticsDb: ctx.db.handle.db,
        mailer: createSendgridMailer({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 }),
        clock: ctx.clock,
        config: testConfig(configOverrides),
        log: createLogger('debug', (line) => ctx.logs.push(line)),
        // Stored at once, so a test sees a hit as soon as its request is answered.
        recordHit: (hit) => storeHits({ deps, hits: [hit] }),
        ...overrides,
      };
      return deps;
    };
    ctx.deps = ctx.makeDeps();
    // As Node serves it, docs assets included.
    ctx.app = createNodeApp(ctx.deps);
    ctx.a = await createWorkspace({ db: ctx.db.handle.db, input: { name: 'A', now: ctx.clock.now() } });
    ctx.b = await createWorkspace({ db: ctx.db.handle.db, input: { name: 'B', now: ctx.clock.now() } });
    const cache = new Map<string, string>();
    ctx.keyFor = async (workspace, role) => {
      const cacheKey = `${workspace.workspaceId}:${role}`;
      const cached = cache.get(cacheKey);
      if (cached) return cached;
      if (role === 'admin') return workspace.adminKey;
      const res = await ctx.request('/v1/keys', {
        method: 'POST',
        key: workspace.adminKey,
        json: { name: `${role} key`, role },
      });
      const body = await bodyOf(res, createKey, 201);
      cache.set(cacheKey, body.key);
      return body.key;
    };
    ctx.request = (path, init = {}) => {
      const { key, json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (key) headers.set('Authorization', `Bearer ${key}`);
      if (json !== undefined) headers.set('Content-Type', 'application/json');
      return Promise.resolve(
        ctx.app.request(path, {
          ...rest,
          headers,
          body: json !== undefined ? JSON.stringify(json) : rest.body,
        }),
      );
    };
  });
  afterAll(async () => {
    await ctx.db?.close();
  });
  return ctx;
}

/** Response body as text plus status, for failure messages that show what came back. */
export async function show(res: Response): Promise<string> {
  return `${res.status} ${await res.clone().text()}`;
}
