import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { connectPostgres, queryRows } from '../src/db/client.js';
import { migratePostgresUrl } from '../src/db/migrate.js';
import { openRates } from '../src/services/analysis/open-rates.js';
import { receivedHit } from '../src/services/tracking/hit.js';
import { storeHits } from '../src/services/tracking/record-hits.js';
import { createWorkspace } from '../src/services/workspaces/create-workspace.js';
import { ADMIN_URL, benchDeps, fmt, median, type RatioBench, timed } from './support.js';

const MESSAGES = Number(process.env.BENCH_REPORT_MESSAGES ?? 10_000_000);
const NAME = `kaifu_bench_report_${MESSAGES}`;
const CHUNK = 500_000;
const RUNS = 7;

/**
 * The big data set, built once and kept between runs (never in CI): MESSAGES sent messages over 100 campaigns of
 * two variants, five zones, three lead sources and realistic engagement, and their rollups.
 */
async function bigDatabase() {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  const [exists] = await admin`select 1 from pg_database where datname = ${NAME}`;
  if (!exists) await admin.unsafe(`create database "${NAME}"`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${NAME}`;
  await migratePostgresUrl(url.toString());
  const handle = connectPostgres(url.toString(), { max: 4 });
  const db = handle.db;
  await db.execute(
    sql`create table if not exists bench_built (workspace_id uuid not null, messages int not null)`,
  );
  const [built] = await queryRows<{ workspace_id: string; messages: number }>(
    db,
    sql`select * from bench_built`,
  );
  if (built?.messages === MESSAGES) return { handle, workspaceId: built.workspace_id };

  const started = performance.now();
  await db.execute(sql`truncate messages, rollups, bench_built`);
  const ws = await createWorkspace({ db, input: { name: 'Bench 10M', now: new Date() } });
  for (let from = 0; from < MESSAGES; from += CHUNK) {
    await db.execute(sql`
      insert into messages (workspace_id, id, campaign_id, variant_id, contact_id, lead_source, status, timezone,
                            scheduled_at, due_at, sent_at, local_weekday, local_hour, delivered_at, first_open_at,
                            first_human_open_at, first_click_at, first_human_click_at, open_count, click_count)
      select ${ws.workspaceId}, gen_random_uuid(), md5('c' || c)::uuid, md5('v' || c || '-' || (i / 7) % 2)::uuid,
             gen_random_uuid(), (array['inbound', 'outbound', null])[1 + i % 3], 'sent', tz, sent, sent, sent,
             extract(dow from sent at time zone tz), extract(hour from sent at time zone tz),
             case when r1 < 0.97 then sent + interval '4 seconds' end,
             case when r2 < 0.38 then sent + interval '1 hour' end,
             case when r2 < 0.22 then sent + interval '1 hour' end,
             case when r3 < 0.06 then sent + interval '2 hours' end,
             case when r3 < 0.045 then sent + interval '2 hours' end,
             case when r2 < 0.38 then 1 else 0 end, case when r3 < 0.06 then 1 else 0 end
      from (
        select i, i % 100 as c, random() as r1, random() as r2, random() as r3,
               (array['Asia/Tokyo', 'America/New_York', 'Europe/Berlin', 'UTC', 'Asia/Singapore'])[1 + i % 5] as tz,
               timestamptz '2026-05-04 00:00Z' + (i % 100) * interval '1 day' + (i % 24) * interval '1 hour'
                 + random() * interval '50 minutes' as sent
        from generate_series(${from}::int, ${Math.min(MESSAGES, from + CHUNK) - 1}::int) as i
      ) g`);
    process.stdout.write(`\r  building ${fmt(Math.min(MESSAGES, from + CHUNK))} messages…`);
  }
  // The rollups as the trigger keeps them: inserts of sent messages happen only here.
  await db.execute(sql`
    insert into rollups
    select workspace_id, campaign_id, variant_id, (sent_at at time zone timezone)::date, local_weekday, local_hour,
           coalesce(lead_source, 'unknown'), count(*), count(delivered_at),
           count(*) filter (where first_open_at is not null or first_human_open_at is not null),
           count(first_human_open_at), count(*) filter (where first_open_at is not null and first_human_open_at is null),
           count(first_click_at), count(first_human_click_at),
           count(*) filter (where first_click_at is not null and first_human_click_at is null)
    from messages where workspace_id = ${ws.workspaceId}
    group by 1, 2, 3, 4, 5, 6, 7`);
  await db.execute(sql`analyze messages`);
  await db.execute(sql`analyze rollups`);
  await db.execute(sql`insert into bench_built values (${ws.workspaceId}, ${MESSAGES})`);
  console.log(
    `\r  built ${fmt(MESSAGES)} messages and their rollups in ${((performance.now() - started) / 1000).toFixed(0)} s (kept for next time)`,
  );
  return { handle, workspaceId: ws.workspaceId };
}

/**
 * The weekday × hour × variant open-rate report over a workspace of MESSAGES messages (read from rollups, with
 * intervals and shrinkage), against a naive GROUP BY over its messages in the same run; and how soon a new open
 * shows in the report.
 */
export async function benchReport(): Promise<RatioBench> {
  const { handle, workspaceId } = await bigDatabase();
  try {
    const deps = benchDeps(handle);
    const report = () =>
      openRates({ deps, workspaceId, query: { dimension: 'weekdayHourVariant', metric: 'human_open' } });
    const naive = () =>
      queryRows(
        handle.db,
        sql`select campaign_id, variant_id, local_weekday, local_hour, count(*) as sends, count(delivered_at) as delivered,
                   count(*) filter (where first_open_at is not null or first_human_open_at is not null) as opens,
                   count(first_human_open_at) as human_opens,
                   count(*) filter (where first_open_at is not null and first_human_open_at is null) as machine_opens,
                   count(first_click_at) as clicks, count(first_human_click_at) as human_clicks
            from messages where workspace_id = ${workspaceId} and status = 'sent'
            group by 1, 2, 3, 4`,
      );
    await report();
    await naive();
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await timed(report));
      theirs.push(await timed(naive));
    }
    const cells = (await report()).cells;
    const naiveCells = await naive();
    if (cells.length !== naiveCells.length)
      throw new Error(`${cells.length} cells vs ${naiveCells.length} naive`);

    // A new human open: stored through the tracking path, then read back through the report.
    const [message] = await queryRows<{ id: string }>(
      handle.db,
      sql`select id from messages where workspace_id = ${workspaceId} and first_open_at is null limit 1`,
    );
    const humanOpens = async () => (await report()).cells.reduce((sum, c) => sum + c.humanOpens, 0);
    const before = await humanOpens();
    const openedAt = performance.now();
    await storeHits({
      deps,
      hits: [
        receivedHit({
          workspaceId,
          messageId: message?.id ?? '',
          kind: 'open',
          link: null,
          at: new Date(),
          ip: '198.51.100.1',
          userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)',
        }),
      ],
    });
    while ((await humanOpens()) === before && performance.now() - openedAt < 5000) {}
    const visibleMs = performance.now() - openedAt;

    const ratio = median(theirs) / median(ours);
    console.log(
      `report: weekday × hour × variant over ${fmt(MESSAGES)} messages (${fmt(cells.length)} cells): median ` +
        `${median(ours).toFixed(1)} ms from rollups vs ${median(theirs).toFixed(0)} ms for a naive GROUP BY over ` +
        `messages, ${ratio.toFixed(1)}× faster (goal ≥ 25×)\n  a new open is in the report ${visibleMs.toFixed(0)} ms ` +
        `after its hit is stored (goal ≤ 5 s)`,
    );
    if (visibleMs >= 5000) throw new Error('a new open did not show within 5 s');
    return { name: 'report', ratio, goal: 25, baseline: 'a naive GROUP BY (speed-up)' };
  } finally {
    await handle.close();
  }
}
