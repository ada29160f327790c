import { sql } from 'drizzle-orm';
import type { MessageEngagement, Verdict } from '../../tracking/classify';
import { type Db, queryRows } from '../client';

export interface MessageKey {
  workspace_id: string;
  message_id: string;
}

/** A pixel or redirect hit ready to store, classified on its own merits. */
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

export interface LockedMessage extends MessageKey {
  delivered_at: Date | null;
}

/**
 * Locks the messages the hits belong to (in key order, so concurrent writers queue instead of deadlocking) and
 * stores the hits of those that exist. Opens from Apple's published egress ranges are Mail Privacy Protection
 * fetching the mail, whatever the user agent says. Answers the locked messages with their delivery time.
 */
export async function lockAndInsertHits(db: Db, hits: HitRow[]): Promise<LockedMessage[]> {
  return queryRows<LockedMessage>(
    db,
    sql`
    with x as materialized (
      select * from json_to_recordset(${JSON.stringify(hits)}::json) as x(
        workspace_id uuid, message_id uuid, id uuid, type text, source text, occurred_at timestamptz,
        link_position smallint, ip text, user_agent text, classification text, reason text)
    ), locked as materialized (
      select m.workspace_id, m.id as message_id, m.delivered_at from messages m
      where (m.workspace_id, m.id) in (select distinct workspace_id, message_id from x)
      order by m.workspace_id, m.id
      for update
    ), apple as (
      select distinct x.ip from x
      where x.type = 'open' and x.ip is not null
        and exists (select 1 from apple_proxy_ranges r where r.range >>= x.ip::inet)
    ), ins as (
      insert into events (workspace_id, id, message_id, type, source, occurred_at, link_position, ip, user_agent,
                          classification, reason)
      select x.workspace_id, x.id, x.message_id, x.type, x.source, x.occurred_at, x.link_position, x.ip, x.user_agent,
        case when x.classification = 'human' and x.ip in (select ip from apple) and x.type = 'open'
             then 'machine' else x.classification end,
        case when x.classification = 'human' and x.ip in (select ip from apple) and x.type = 'open'
             then 'apple_proxy_ip' else x.reason end
      from x join locked l on l.workspace_id = x.workspace_id and l.message_id = x.message_id
      returning 1
    )
    select workspace_id, message_id, delivered_at from locked`,
  );
}

/** Locks messages (in key order) and answers their delivery time: for re-examining them without new hits. */
export async function lockMessages(db: Db, keys: MessageKey[]): Promise<LockedMessage[]> {
  return queryRows<LockedMessage>(
    db,
    sql`select m.workspace_id, m.id as message_id, m.delivered_at from messages m
        where (m.workspace_id, m.id) in (
          select workspace_id, message_id
          from json_to_recordset(${JSON.stringify(keys)}::json) as k(workspace_id uuid, message_id uuid))
        order by m.workspace_id, m.id
        for update`,
  );
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

/** Every open and click of the given messages, from any source. */
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

export interface Revision {
  workspace_id: string;
  id: string;
  occurred_at: Date;
  verdict: Verdict;
}

/** Writes revised verdicts and each message's engagement, recomputed from all its events, in one statement. */
export async function writeEngagement(
  db: Db,
  revisions: Revision[],
  engagement: (MessageKey & MessageEngagement)[],
): Promise<void> {
  const revised = revisions.map((r) => ({
    workspace_id: r.workspace_id,
    id: r.id,
    occurred_at: r.occurred_at,
    classification: r.verdict.classification,
    reason: r.verdict.reason,
  }));
  await db.execute(sql`
    with r as (
      select * from json_to_recordset(${JSON.stringify(revised)}::json) as r(
        workspace_id uuid, id uuid, occurred_at timestamptz, classification text, reason text)
    ), revised as (
      update events e set classification = r.classification, reason = r.reason
      from r where e.workspace_id = r.workspace_id and e.id = r.id and e.occurred_at = r.occurred_at
      returning 1
    ), a as (
      select * from json_to_recordset(${JSON.stringify(engagement)}::json) as a(
        workspace_id uuid, message_id uuid, "firstOpenAt" timestamptz, "firstHumanOpenAt" timestamptz,
        "firstClickAt" timestamptz, "firstHumanClickAt" timestamptz, "openCount" int, "clickCount" int)
    )
    update messages m set first_open_at = a."firstOpenAt", first_human_open_at = a."firstHumanOpenAt",
      first_click_at = a."firstClickAt", first_human_click_at = a."firstHumanClickAt",
      open_count = a."openCount", click_count = a."clickCount"
    from a where m.workspace_id = a.workspace_id and m.id = a.message_id`);
}
