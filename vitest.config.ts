import { execFileSync } from 'node:child_process';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Local wrangler/miniflare must not phone home: this machine has no internet.
process.env.WRANGLER_SEND_METRICS ??= 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';
// One template database per run (workers inherit it): two runs on one server never drop each other's.
process.env.KAIFU_TEST_TEMPLATE ??= `kaifu_test_template_${process.pid}`;

/** The workerd suite runs what a deploy uploads: the script `wrangler deploy --dry-run` bundles (wrangler.toml's
 * minify and [alias] applied) and the Static Assets its [build] command copies. */
const WORKER_BUNDLE = 'dist/worker/worker.js';
function buildWorkerBundle() {
  execFileSync(
    process.execPath,
    ['node_modules/wrangler/bin/wrangler.js', 'deploy', '--dry-run', '--outdir', 'dist/worker'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return `./${WORKER_BUNDLE}`;
}

export default defineConfig({
  test: {
    // postgres.js's Workers socket rejects, unhandled, when a connection it gave up on (the hung-database test)
    // is torn down: a known upstream defect (porsager/postgres#1196, #1202), no request of ours is affected.
    onUnhandledError: (error) =>
      !(
        /^(This socket has been closed\.|Stream was cancelled\.)$/.test(error.message ?? '') &&
        /postgres\/cf\/polyfills\.js/.test(error.stack ?? '')
      ),
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            main: buildWorkerBundle(),
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              hyperdrives: {
                HYPERDRIVE: inject<string>('workerdDatabaseUrl'),
                HYPERDRIVE_CACHED: inject<string>('workerdDatabaseUrl'),
                // Not in wrangler.toml: the outage test swaps it in for both.
                HYPERDRIVE_HUNG: inject<string>('workerdSilentDatabaseUrl'),
              },
              bindings: {
                KAIFU_SECRET: inject<string>('workerdSecret'),
                SENDGRID_API_BASE_URL: inject<string>('workerdSendgridUrl'),
                KAIFU_PUBLIC_URL: 'https://kaifu.test',
                LOG_LEVEL: 'warn',
              },
            },
          })),
        ],
        resolve: { alias: { 'kaifu:worker-bundle': `/${WORKER_BUNDLE}` } },
        test: {
          name: 'workerd',
          include: ['test/workerd/**/*.test.ts'],
          globalSetup: ['test/workerd/global-setup.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
