import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keyIn, root, type Started, start, stop } from '../helpers/node-process.js';

// The README's shell blocks, in order. Each either runs here against a started server or is named below with
// why it cannot: a block added to the README is run unless someone says why not.
const NOT_RUN: { starts: string; why: string }[] = [
  { starts: 'npm ci && npm run demo', why: 'the demo test builds and checks the demo' },
  { starts: 'npm ci && npm start', why: 'this test starts the same server, node on dist/' },
  { starts: 'npm test', why: 'it is the suite this test belongs to' },
  { starts: 'curl -s -X PUT http://localhost:8787/v1/workspace/sendgrid', why: 'needs your SendGrid key' },
  {
    starts: 'npm run kaifu -- apple-ranges refresh',
    why: "downloads Apple's list; the CLI tests load a file",
  },
  { starts: 'DATABASE_URL=postgres://user:pass@host', why: 'a placeholder server' },
  { starts: 'npx wrangler hyperdrive create', why: 'needs a Cloudflare account' },
  { starts: 'npx wrangler secret put', why: 'needs a Cloudflare account' },
  { starts: 'DATABASE_URL="postgres://user:pass@host', why: 'a placeholder server' },
];

/** Every ```sh block, its text dedented (blocks inside list items are indented). */
function shellBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  const fence = /^( *)```sh\n([\s\S]*?)^\1```$/gm;
  for (const match of markdown.matchAll(fence)) {
    const indent = match[1]?.length ?? 0;
    blocks.push(
      (match[2] ?? '')
        .split('\n')
        .map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)))
        .join('\n')
        .trim(),
    );
  }
  return blocks;
}

const METRICS_TOKEN = 'readme-walk-through-metrics-token';

describe('the README, command by command', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kaifu-readme-'));
  let server: Started | undefined;
  afterAll(async () => {
    if (server) await stop(server);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('names every block it does not run, each exactly once', () => {
    const blocks = shellBlocks(readFileSync(join(root, 'README.md'), 'utf8'));
    for (const skip of NOT_RUN) {
      expect(
        blocks.filter((b) => b.startsWith(skip.starts)),
        skip.starts,
      ).toHaveLength(1);
    }
  });

  it('runs every other block in order against a started server, each call answering 2xx', async () => {
    server = await start({ KAIFU_DATA_DIR: dataDir, KAIFU_METRICS_TOKEN: METRICS_TOKEN });
    const adminKey = keyIn(server.stderr());
    expect(adminKey, server.stderr()).toBeDefined();
    const blocks = shellBlocks(readFileSync(join(root, 'README.md'), 'utf8')).filter(
      (b) => !NOT_RUN.some((skip) => b.startsWith(skip.starts)),
    );
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    // One shell for all blocks, so the walk-through's variables carry on. curl fails on an HTTP error (its
    // body still shown), and a failing command stops the script, naming the block it was in.
    const script = [
      'set -euo pipefail',
      'curl() { command curl --fail-with-body --max-time 30 "$@"; echo; }',
      ...blocks.flatMap((block, i) => [
        `echo "::block ${i}::" >&2`,
        block.replace(/kf_paste_the_printed_key_here/g, adminKey ?? ''),
      ]),
    ]
      .join('\n')
      .replaceAll('http://localhost:8787', `http://127.0.0.1:${server.port}`);
    const ran = spawnSync('bash', ['-c', script], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', KAIFU_METRICS_TOKEN: METRICS_TOKEN },
      timeout: 120_000,
    });
    const lastBlock = Number(/::block (\d+)::(?![\s\S]*::block)/.exec(ran.stderr)?.[1]);
    expect(
      ran.status,
      `block ${lastBlock} failed:\n${blocks[lastBlock]}\n---\n${ran.stdout}\n${ran.stderr}`,
    ).toBe(0);
    expect(lastBlock).toBe(blocks.length - 1);
    // What the walk-through set up is there: three contacts imported, the fourth row refused, a campaign
    // scheduled then cancelled, the conversion credited to a known contact.
    expect(ran.stdout).toMatch(/"created":3,.*"errors":\[\{"index":3,"path":"email"/);
    expect(ran.stdout).toMatch(/"status":"cancelled"/);
    expect(ran.stdout).toMatch(/"created":1,"updated":0,"attributed":0,"errors":\[\]/);
  }, 180_000);
});
