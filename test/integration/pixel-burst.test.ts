import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { connectPostgres, queryRows } from '../../src/db/client.js';
import { createTokenSigner } from '../../src/services/tracking/tokens.js';
import { createWorkspace } from '../../src/services/workspaces/create-workspace.js';
import { start, stop } from '../helpers/node-process.js';
import { createDatabase, dropDatabase, TEMPLATE_DB } from '../helpers/postgres.js';

const MESSAGES = 100_000;
const HITS = 200_000;
const CONCURRENCY = 50;
const SECRET = 'burst-secret-burst-secret-burst-secret-01';

describe('a newsletter burst against a running Node server (postgres)', () => {
  const name = `kaifu_burst_${process.pid}`;
  afterAll(() => dropDatabase(name));

  it(`records every one of ${HITS.toLocaleString('en-US')} pixel hits at concurrency ${CONCURRENCY}`, async () => {
    const url = await createDatabase(name, TEMPLATE_DB);
    const handle = connectPostgres(url, { max: 2 });
    const ws = await createWorkspace({ db: handle.db, input: { name: 'Burst', now: new Date() } });
    const ids = await queryRows<{ id: string }>(
      handle.db,
      sql`insert into messages (workspace_id, id, campaign_id, contact_id, status, timezone, scheduled_at, due_at, sent_at)
          select ${ws.workspaceId}, gen_random_uuid(), ${ws.workspaceId}, gen_random_uuid(), 'sent', 'UTC', now(), now(), now()
          from generate_series(1, ${MESSAGES})
          returning id`,
    );
    const signer = await createTokenSigner(SECRET);
    const tokens = ids.map(({ id }) =>
      signer.sign({ kind: 'open', workspaceId: ws.workspaceId, messageId: id, link: 0 }),
    );

    const server = await start({ DATABASE_URL: url, KAIFU_SECRET: SECRET, LOG_LEVEL: 'warn' });
    const base = `http://127.0.0.1:${server.port}`;
    let next = 0;
    let failed = 0;
    const worker = async () => {
      for (let i = next++; i < HITS; i = next++) {
        const res = await fetch(`${base}/t/o/${tokens[i % tokens.length]}`, {
          headers: { 'User-Agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)' },
        });
        await res.arrayBuffer();
        if (res.status !== 200) failed++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(failed).toBe(0);
    // SIGTERM: the server stops taking requests and flushes what its buffer still holds.
    expect(await stop(server), server.stderr()).toBe(0);

    const [count] = await queryRows<{ events: number; opens: number; messages: number }>(
      handle.db,
      sql`select (select count(*) from events where type = 'open' and source = 'pixel')::int as events,
                 (select sum(open_count) from messages)::int as opens,
                 (select count(*) from messages where open_count = 2 and first_open_at is not null)::int as messages`,
    );
    expect(count).toEqual({ events: HITS, opens: HITS, messages: MESSAGES });
    await handle.close();
  }, 600_000);
});
