import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyIn, run, runEntry, start, stop } from '../helpers/node-process.js';
import { createDatabase, dropDatabase } from '../helpers/postgres.js';
import { webhookKeyPair } from '../helpers/sendgrid-webhook.js';

describe('the Node entry on its embedded default', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kaifu-node-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts, prints the admin key once, serves /healthz, /docs and the API, and stops cleanly', async () => {
    const first = await start({ KAIFU_DATA_DIR: dataDir, KAIFU_METRICS_TOKEN: 'node-entry-metrics-token' });
    const adminKey = keyIn(first.stderr());
    expect(adminKey, first.stderr()).toBeDefined();
    const base = `http://127.0.0.1:${first.port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/docs`)).status).toBe(200);
    // The Node process reports its own tracking buffer beside the database's gauges.
    const scraped = await fetch(`${base}/metrics`, {
      headers: { Authorization: 'Bearer node-entry-metrics-token' },
    });
    expect(await scraped.text()).toMatch(/^kaifu_tracking_hits_waiting 0$/m);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const ws = await fetch(`${base}/v1/workspace`, { headers: { Authorization: `Bearer ${adminKey}` } });
    expect(ws.status).toBe(200);
    // The key goes to the terminal, never into the JSON log.
    expect(first.stdout()).not.toContain(adminKey);
    expect(first.stdout()).toContain('"message":"request"');

    // A CLI run cannot open the embedded database while the server holds it.
    const refused = await run(['workspace', 'create', 'Second'], { KAIFU_DATA_DIR: dataDir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Another Kaifu process .* is using the embedded database/);
    expect(await stop(first)).toBe(0);

    // With the server stopped the CLI makes a workspace whose key works on the next start.
    const created = await run(['workspace', 'create', 'Second', '--timezone', 'Asia/Tokyo'], {
      KAIFU_DATA_DIR: dataDir,
    });
    expect(created.code, created.stderr).toBe(0);
    const secondKey = keyIn(created.stdout);
    const again = await start({ KAIFU_DATA_DIR: dataDir });
    expect(keyIn(again.stderr())).toBeUndefined();
    const base2 = `http://127.0.0.1:${again.port}`;
    const first2 = await fetch(`${base2}/v1/workspace`, { headers: { Authorization: `Bearer ${adminKey}` } });
    expect(first2.status).toBe(200);
    const second = await fetch(`${base2}/v1/workspace`, {
      headers: { Authorization: `Bearer ${secondKey}` },
    });
    expect(await second.json()).toMatchObject({ name: 'Second', defaultTimezone: 'Asia/Tokyo' });
    expect(await stop(again)).toBe(0);
  }, 120_000);

  it('stops start-up naming a bad variable', async () => {
    const result = await runEntry({ PORT: 'eighty', KAIFU_DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT:/);
  }, 30_000);
});

describe('the CLI and the Node entry on real Postgres', () => {
  const name = `kaifu_cli_${process.pid}`;
  afterAll(() => dropDatabase(name));

  it('migrate seeds the first workspace from KAIFU_ADMIN_KEY and SENDGRID_*, which the server then uses', async () => {
    const url = await createDatabase(name);
    const env = {
      DATABASE_URL: url,
      KAIFU_SECRET: 'cli-test-secret-cli-test-secret-0123456789',
      KAIFU_ADMIN_KEY: 'operator-chosen-admin-key-0123456789',
      SENDGRID_API_KEY: 'SG.seeded-key-0123456789',
      SENDGRID_WEBHOOK_PUBLIC_KEY: webhookKeyPair().publicKey,
    };
    const migrated = await run(['migrate'], env);
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(migrated.stderr).toMatch(/its admin key is the KAIFU_ADMIN_KEY you set/);
    expect(`${migrated.stdout}${migrated.stderr}`).not.toContain(env.KAIFU_ADMIN_KEY);
    // Migrating again is a no-op and makes no second workspace.
    const again = await run(['migrate'], env);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/Created workspace/);

    const server = await start(env);
    const res = await fetch(`http://127.0.0.1:${server.port}/v1/workspace`, {
      headers: { Authorization: `Bearer ${env.KAIFU_ADMIN_KEY}` },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      name: 'Default',
      sendgrid: { configured: true, webhookKeys: 1 },
    });
    expect(await stop(server)).toBe(0);

    const ranges = await run(
      ['apple-ranges', 'refresh', '--file', 'test/fixtures/apple-egress-ranges.csv'],
      env,
    );
    expect(ranges.code, ranges.stderr).toBe(0);
    expect(ranges.stdout).toMatch(/5 ranges kept/);
    const broken = await run(['apple-ranges', 'refresh', '--file', 'package.json'], env);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/line 1: .* is not a range/);
  }, 120_000);

  it('refuses unknown commands with usage', async () => {
    const result = await run(['frobnicate'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Usage: npm run kaifu/);
  }, 30_000);
});
