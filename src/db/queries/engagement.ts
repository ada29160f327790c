import { type SQL, sql } from 'drizzle-orm';
import type { MessageEngagement, Verdict } from '../../services/tracking/classify.js';
import { type Db, queryRows } from '../client.js';

export interface MessageKey {
  workspace_id: string;
  message_id: string;
}

/** A message as a tracking write needs it: locked, with its delivery time and whether its contact is erased. */
export interface LockedMessage extends MessageKey {
  delivered_at: Date | null;
  /** Its contact was erased: hits are still counted, but nothing that could identify the reader is kept. */
  erased: boolean;
}

interface LockedRow extends MessageKey {
  delivered_at: string | Date | null;
  erased: boolean;
  apple_ips: string[] | null;
}

/** The hour a time falls in, counted from the epoch: the cap's bucket, the same in SQL and here. */
export const epochHour = (at: Date) => Math.floor(at.getTime() / 3_600_000);

/**
 * Locks the messages (in key order, so concurrent writers queue instead of deadlocking) and answers their
 * delivery time and erasure, and which of the given addresses lie in Apple's published egress ranges.
 */
export async function lockMessages(
  db: Db,
  keys: MessageKey[],
  ips: string[] = [],
): Promise<{ messages: LockedMessage[]; appleIps: Set<string> }> {
  const rows = await queryRows<LockedRow>(
    db,
    sql`
    select m.workspace_id, m.id as message_id, m.delivered_at,
           exists (select 1 from contacts c
                   where c.workspace_id = m.workspace_id and c.id = m.contact_id and c.erased_at is not null) as erased,
           (select json_agg(ip) from unnest(${`{${ips.join(',')}}`}::text[]) as ip
            where exists (select 1 from apple_proxy_ranges r where r.range >>= ip::inet)) as apple_ips
    from messages m
    where (m.workspace_id, m.id) in (
      select workspace_id, message_id
      from json_to_recordset(${JSON.stringify(keys)}::json) as k(workspace_id uuid, message_id uuid))
    order by m.workspace_id, m.id
    for update of m`,
  );
  return {
    messages: rows.map((r) => ({
      workspace_id: r.workspace_id,
      message_id: r.message_id,
      delivered_at: r.delivered_at === null ? null : new Date(r.delivered_at),
      erased: r.erased,
    })),
    appleIps: new Set(rows[0]?.apple_ips ?? []),
  };
}

/** How many of our own hits (pixel, redirect) a message stored of a kind in an hour (epoch hours). */
export interface HourlyHits extends MessageKey {
  kind: 'open' | 'click';
  hour: number;
  n: number;
}

/**
 * Our own hits the messages stored per kind and hour from `since` on — what the hourly cap has left — and which
 * of the given hit ids are among them (stored by an earlier try of the same batch). A statement of its own after
 * lockMessages: under READ COMMITTED it sees what the writers it waited for committed, which a subquery of the
 * locking statement (its snapshot taken before the wait) would not. Through events_message_idx.
 */
export async function hourlyHits(
  db: Db,
  keys: MessageKey[],
  since: Date,
  ids: string[],
): Promise<{ hourly: HourlyHits[]; known: Set<string> }> {
  const rows = await queryRows<HourlyHits & { known: string[] | null }>(
    db,
    sql`select e.workspace_id, e.message_id, e.type as kind,
               floor(extract(epoch from e.occurred_at) / 3600)::int as hour, count(*)::int as n,
               json_agg(e.id) filter (where e.id = any(${`{${ids.join(',')}}`}::uuid[])) as known
        from json_to_recordset(${JSON.stringify(keys)}::json) as k(workspace_id uuid, message_id uuid)
        join events e on e.workspace_id = k.workspace_id and e.message_id = k.message_id
          and e.occurred_at >= ${since.toISOString()}::timestamptz
        where e.source in ('pixel', 'redirect')
        group by 1, 2, 3, 4`,
  );
  return {
    hourly: rows.map((r) => ({ ...r, hour: Number(r.hour), n: Number(r.n) })),
    known: new Set(rows.flatMap((r) => r.known ?? [])),
  };
}

export interface EngagementRow extends MessageKey {
  id: string;
  type: 'open' | 'click';
  source: 'pixel' | 'redirect' | 'sendgrid';
  occurred_at: Date;
  link_position: number | null;
  classification: 'human' | 'machine' | 'bot' | null;
  reason: string | null;
}

/** Every open and click already stored for the given messages, from any source. */
export async function loadEngagement(db: Db, keys: MessageKey[]): Promise<EngagementRow[]> {
  const rows = await queryRows<EngagementRow>(
    db,
    sql`select e.workspace_id, e.message_id, e.id, e.type, e.source, e.occurred_at, e.link_position,
               e.classification, e.reason
        from json_to_recordset(${JSON.stringify(keys)}::json) as k(workspace_id uuid, message_id uuid)
        join events e on e.workspace_id = k.workspace_id and e.message_id = k.message_id
        where e.type in ('open', 'click')`,
  );
  return rows.map((r) => ({ ...r, occurred_at: new Date(r.occurred_at) }));
}

/** The clicks stored for each message within its time window, from any source: a new click's neighbours. */
export async function loadClicksNear(
  db: Db,
  windows: (MessageKey & { from: Date; to: Date })[],
): Promise<EngagementRow[]> {
  const rows = await queryRows<EngagementRow>(
    db,
    sql`select e.workspace_id, e.message_id, e.id, e.type, e.source, e.occurred_at, e.link_position,
               e.classification, e.reason
        from json_to_recordset(${JSON.stringify(windows)}::json)
          as w(workspace_id uuid, message_id uuid, "from" timestamptz, "to" timestamptz)
        join events e on e.workspace_id = w.workspace_id and e.message_id = w.message_id
          and e.occurred_at between w."from" and w."to"
        where e.type = 'click'`,
  );
  return rows.map((r) => ({ ...r, occurred_at: new Date(r.occurred_at) }));
}

/** A pixel or redirect hit ready to store, with its verdict. */
export interface HitRow extends MessageKey {
  id: string;
  type: 'open' | 'click';
  source: 'pixel' | 'redirect';
  occurred_at: Date;
  link_position: number | null;
  ip: string | null;
  user_agent: string | null;
  classification: string;
  reason: string;
}

export interface Revision {
  workspace_id: string;
  id: string;
  occurred_at: Date;
  verdict: Verdict;
}

/**
 * A message's engagement to write: its totals (`replace`, after all its events were re-examined), or what new
 * hits add to the stored ones (earlier first times win, counts add up).
 */
export interface EngagementUpdate extends MessageKey, MessageEngagement {
  replace: boolean;
  /** Hits answered but not stored (over the hourly cap): always added, never replaced. */
  opensCapped: number;
  clicksCapped: number;
}

/**
 * One statement: stores new hits, writes revised verdicts of stored ones, and updates each message's
 * engagement (first open, first human open, first click, first human click, counts, capped hits).
 */
export async function writeEngagement(
  db: Db,
  hits: HitRow[],
  revisions: Revision[],
  engagement: EngagementUpdate[],
): Promise<void> {
  // Times travel as epoch milliseconds: JSON turns a Date into a string slowly, and a burst stores thousands.
  const rows = hits.map((h) => ({ ...h, occurred_at: h.occurred_at.getTime() }));
  const revised = revisions.map((r) => ({
    workspace_id: r.workspace_id,
    id: r.id,
    occurred_at: r.occurred_at,
    classification: r.verdict.classification,
    reason: r.verdict.reason,
  }));
  const totals = engagement.map((e) => ({
    workspace_id: e.workspace_id,
    message_id: e.message_id,
    first_open: ms(e.firstOpenAt),
    first_human_open: ms(e.firstHumanOpenAt),
    first_click: ms(e.firstClickAt),
    first_human_click: ms(e.firstHumanClickAt),
    opens: e.openCount,
    clicks: e.clickCount,
    replace: e.replace,
    opens_capped: e.opensCapped,
    clicks_capped: e.clicksCapped,
  }));
  await db.execute(sql`
    with inserted as (
      insert into events (workspace_id, id, message_id, type, source, occurred_at, link_position, ip, user_agent,
                          classification, reason)
      select workspace_id, id, message_id, type, source, ${epoch(sql`occurred_at`)}, link_position, ip, user_agent,
             classification, reason
      from json_to_recordset(${JSON.stringify(rows)}::json) as x(
        workspace_id uuid, message_id uuid, id uuid, type text, source text, occurred_at float8,
        link_position smallint, ip text, user_agent text, classification text, reason text)
      -- The caller left out hits already stored; this is the floor under that, never a count's source.
      on conflict (workspace_id, id, occurred_at) do nothing
      returning 1
    ), revised as (
      update events e set classification = r.classification, reason = r.reason
      from json_to_recordset(${JSON.stringify(revised)}::json) as r(
        workspace_id uuid, id uuid, occurred_at timestamptz, classification text, reason text)
      where e.workspace_id = r.workspace_id and e.id = r.id and e.occurred_at = r.occurred_at
      returning 1
    )
    update messages m set
      first_open_at = ${merged(sql`m.first_open_at`, sql`a.first_open`)},
      first_human_open_at = ${merged(sql`m.first_human_open_at`, sql`a.first_human_open`)},
      first_click_at = ${merged(sql`m.first_click_at`, sql`a.first_click`)},
      first_human_click_at = ${merged(sql`m.first_human_click_at`, sql`a.first_human_click`)},
      open_count = case when a.replace then a.opens else m.open_count + a.opens end,
      click_count = case when a.replace then a.clicks else m.click_count + a.clicks end,
      opens_capped = m.opens_capped + a.opens_capped,
      clicks_capped = m.clicks_capped + a.clicks_capped
    from json_to_recordset(${JSON.stringify(totals)}::json) as a(
      workspace_id uuid, message_id uuid, first_open float8, first_human_open float8, first_click float8,
      first_human_click float8, opens int, clicks int, replace boolean, opens_capped int, clicks_capped int)
    where m.workspace_id = a.workspace_id and m.id = a.message_id`);
}

const ms = (d: Date | null) => (d === null ? null : d.getTime());

/** Epoch milliseconds (a JSON number) as a timestamp; exact to the millisecond, as a JS Date is. */
const epoch = (column: SQL) => sql`to_timestamp(${column} / 1000.0)`;

/** A first-time column: replaced, or the earlier of stored and new (least() passes over NULLs). */
const merged = (stored: SQL, epochMs: SQL) =>
  sql`case when a.replace then ${epoch(epochMs)} else least(${stored}, ${epoch(epochMs)}) end`;
