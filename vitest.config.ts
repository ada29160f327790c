import { execFileSync } from 'node:child_process';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Local wrangler/miniflare must not phone home: this machine has no internet.
process.env.WRANGLER_SEND_METRICS ??= 'false';
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';
// One template database per run (workers inherit it): two runs on one server never drop each other's.
process.env.KAIFU_TEST_TEMPLATE ??= `kaifu_test_template_${process.pid}`;
// The Static Assets wrangler.toml names (what its [build] command makes for deploy and dev).
execFileSync(process.execPath, ['scripts/docs-assets.mjs'], { stdio: 'ignore' });

export default defineConfig({
  test: {
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
            main: './src/entry/worker.ts',
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              hyperdrives: {
                HYPERDRIVE: inject<string>('workerdDatabaseUrl'),
                HYPERDRIVE_CACHED: inject<string>('workerdDatabaseUrl'),
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
