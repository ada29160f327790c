import { execFileSync } from 'node:child_process';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { connectPostgres, queryRows } from '../../src/db/client.js';
import { route as createCampaign } from '../../src/routes/campaigns/create.js';
import { route as createList } from '../../src/routes/lists/create.js';
import { createTokenSigner } from '../../src/services/tracking/tokens.js';
import { bodyOf } from '../helpers/bodies.js';
import { npmStart, stop } from '../helpers/node-process.js';
import { createDatabase, dropDatabase } from '../helpers/postgres.js';

const SECRET = 'stop-test-secret-stop-test-secret-0123456789';
const ADMIN = 'stop-test-admin-key-0123456789';

/** Every process below `pid` (npm's shell, node), found with pgrep. */
function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    // pgrep answers 1 when there are none.
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('stopping the server started with the README’s command (postgres)', () => {
  const name = `kaifu_stop_${process.pid}`;
  afterAll(() => dropDatabase(name));

  it('SIGTERM to `npm start` stores every one of 2,000 buffered hits and leaves no process behind', async () => {
    const url = await createDatabase(name);
    const server = await npmStart({ DATABASE_URL: url, KAIFU_SECRET: SECRET, KAIFU_ADMIN_KEY: ADMIN });
    const base = `http://127.0.0.1:${server.port}`;
    const api = async (path: string, method: string, json: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(json),
      });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      return res;
    };
    await api('/v1/workspace', 'PATCH', {
      sender: { name: 'Acme', email: 'news@acme.example', postalAddress: '東京都千代田区丸の内1-1-1' },
    });
    const consent = { source: 'stop-test', at: '2026-10-01T00:00:00Z' };
    const contacts = Array.from({ length: 200 }, (_, i) => ({ email: `stop-${i}@example.com`, consent }));
    await api('/v1/contacts', 'POST', { contacts });
    const list = await bodyOf(await api('/v1/lists', 'POST', { name: 'Stop' }), createList, 201);
    await api(`/v1/lists/${list.id}/members`, 'POST', { emails: contacts.map((c) => c.email) });
    const campaign = await bodyOf(
      await api('/v1/campaigns', 'POST', {
        name: 'Stop',
        listId: list.id,
        from: { email: 'news@acme.example', name: 'Acme' },
        html: '<p>Hi</p>',
        variants: [{ subject: 'Hello' }],
      }),
      createCampaign,
      201,
    );
    await api(`/v1/campaigns/${campaign.id}/schedule`, 'POST', {
      schedule: { type: 'at', at: new Date(Date.now() + 3_600_000).toISOString() },
    });

    const db = connectPostgres(url, { max: 1 });
    try {
      const rows = await queryRows<{ workspace_id: string; id: string }>(
        db.db,
        sql`select workspace_id, id from messages order by id`,
      );
      expect(rows).toHaveLength(200);
      const signer = await createTokenSigner(SECRET);
      // Ten hits a message (under the hourly cap), fifty at a time, then SIGTERM the moment the last is answered.
      const paths = rows.flatMap((m) =>
        Array.from(
          { length: 10 },
          () =>
            `/t/o/${signer.sign({ kind: 'open', workspaceId: m.workspace_id, messageId: m.id, link: 0 })}`,
        ),
      );
      for (let i = 0; i < paths.length; i += 50) {
        const answers = await Promise.all(
          paths
            .slice(i, i + 50)
            .map((p) => fetch(`${base}${p}`, { headers: { 'User-Agent': 'Mozilla/5.0 Chrome/141' } })),
        );
        expect(answers.every((a) => a.status === 200)).toBe(true);
      }
      const below = descendants(server.child.pid ?? 0);
      expect(below.length).toBeGreaterThan(0);
      const code = await stop(server);
      expect(code, server.stderr()).toBe(0);
      expect(server.stdout()).toMatch(/"message":"stopped".*"complete":true/);
      const [stored] = await queryRows<{ n: number }>(
        db.db,
        sql`select count(*)::int as n from events where type = 'open'`,
      );
      expect(stored?.n).toBe(2000);
      // Nothing the start command started is left, and nothing serves the port any more.
      await new Promise((r) => setTimeout(r, 500));
      expect(below.filter(alive)).toEqual([]);
      await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    } finally {
      await db.close();
    }
  }, 180_000);
});
