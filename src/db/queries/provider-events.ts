import { eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../client.js';
import { workspaces } from '../schema/index.js';
import { localHourOf, localWeekdayOf } from './messages.js';

/** One provider event ready to store, with what it implies for its message (`delivery`) and contact (`effect`). */
export interface PreparedEvent {
  /** What identifies it across re-deliveries (provider_event_keys): `sg:<sg_event_id>`, else a hash. */
  key: string;
  id: string;
  message_id: string | null;
  type: string;
  occurred_at: Date;
  classification: 'human' | 'machine' | 'bot' | null;
  reason: string | null;
  url: string | null;
  ip: string | null;
  user_agent: string | null;
  provider_event_id: string | null;
  raw: Record<string, unknown> | null;
  delivery: 'processed' | 'deferred' | 'delivered' | 'dropped' | 'blocked' | 'bounced' | null;
  effect: 'bounced' | 'complained' | 'unsubscribed' | null;
  /** The address's salted hash, for a stopping event that names no message of ours (it stops by address). */
  email_hash: string | null;
  /** An event of a test send: no message, but ours. */
  test_send: boolean;
}

export interface StoredBatch {
  stored: number;
  unmatched: number;
  test_sends: number;
  kept_raw: number;
  suppressed: number;
  ignored: number;
  contacts_stopped: number;
  /** Messages whose delivery time arrived after some of their opens or clicks. */
  reexamine: string[];
}

// Later outcomes never overwrite earlier ones of higher rank; a bounce may follow a delivery (async bounce).
const rank = (column: string) =>
  sql.raw(
    `(case ${column} when 'processed' then 1 when 'deferred' then 2 when 'delivered' then 3 ` +
      `when 'dropped' then 4 when 'blocked' then 4 when 'bounced' then 4 else 0 end)`,
  );

/**
 * Stores a batch of provider events and applies them to their messages in one statement (one JSON parameter,
 * one round trip): events naming another workspace's message are left out; each event (by its key) is stored
 * once; messages get delivery state, first opens and clicks, and — when SendGrid's answer to a send was
 * uncertain — the proof that it was sent; hard bounces, complaints, unsubscribes and SendGrid's own drops stop
 * their contact (the message's, else the one holding the event's address), suppress the address and cancel its
 * unsent mail. One statement is one transaction: all of it or none. Combined
 * in SQL, so concurrent batches for one message never undo each other.
 */
export async function storeProviderEvents(
  db: Db,
  workspaceId: string,
  batch: PreparedEvent[],
  now: Date,
): Promise<StoredBatch> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const accepted = sql`m.status in ('sending', 'uncertain') and v.accepted_at is not null`;
  const [result] = await queryRows<StoredBatch>(
    db,
    sql`
    with x as materialized (
      select * from json_to_recordset(${JSON.stringify(batch)}::json) as x(
        key text, id uuid, message_id uuid, type text, occurred_at timestamptz, classification text, reason text, url text,
        ip text, user_agent text, provider_event_id text, raw jsonb, delivery text, effect text, email_hash text,
        test_send boolean)
    ), owned as (
      -- = any(array(...)): index probes for the batch's ids, never a scan of the workspace's messages.
      select m.id, m.contact_id,
        exists (select 1 from contacts c
                where c.workspace_id = m.workspace_id and c.id = m.contact_id and c.erased_at is not null) as erased
      from messages m
      where m.workspace_id = ${workspaceId} and m.id = any(array(select message_id from x where message_id is not null))
    ), seen as (
      -- Each event once, whatever its timestamp: a key already here is a re-delivery, and its event is left out.
      insert into provider_event_keys (workspace_id, key, received_at)
      select ${workspaceId}, x.key, ${at}
      from x left join owned o on o.id = x.message_id
      where x.message_id is null or o.id is not null
      on conflict (workspace_id, key) do nothing
      returning key
    ), ins as (
      insert into events (workspace_id, id, message_id, type, source, occurred_at, classification, reason, url, ip,
                          user_agent, provider_event_id, raw)
      -- IPs and agents only of a message's reader who is not erased: nothing else could ever be erased with them.
      select ${workspaceId}, x.id, x.message_id, x.type, 'sendgrid', x.occurred_at, x.classification, x.reason, x.url,
             case when not o.erased then x.ip end, case when not o.erased then x.user_agent end,
             x.provider_event_id, x.raw
      from x join seen on seen.key = x.key left join owned o on o.id = x.message_id
      returning id
    ), fresh as (
      select x.* from x join ins on ins.id = x.id
    ), deltas as (
      select message_id as id,
        (array_agg(delivery order by ${rank('delivery')} desc) filter (where delivery is not null))[1] as delivery,
        min(occurred_at) filter (where delivery is not null) as accepted_at,
        min(occurred_at) filter (where delivery = 'delivered') as delivered_at,
        min(occurred_at) filter (where delivery in ('bounced', 'blocked')) as bounced_at,
        min(occurred_at) filter (where type = 'open' or (type = 'click' and classification = 'human')) as first_open_at,
        -- A person who clicked has opened, whatever the pixel saw (DESIGN.md, counting).
        min(occurred_at) filter (where type in ('open', 'click') and classification = 'human') as first_human_open_at,
        min(occurred_at) filter (where type = 'click') as first_click_at,
        min(occurred_at) filter (where type = 'click' and classification = 'human') as first_human_click_at,
        count(*) filter (where type = 'open') as opens,
        count(*) filter (where type = 'click') as clicks
      from fresh where message_id is not null group by message_id
    ), upd as (
      update messages m set
        delivery_status = case when ${rank('v.delivery')} > ${rank('m.delivery_status')} then v.delivery
                               else m.delivery_status end,
        status = case when ${accepted} then 'sent' else m.status end,
        sent_at = case when ${accepted} then coalesce(m.sent_at, v.accepted_at) else m.sent_at end,
        local_weekday = case when ${accepted} and m.sent_at is null
                             then ${localWeekdayOf(sql`v.accepted_at`, sql`m.timezone`)} else m.local_weekday end,
        local_hour = case when ${accepted} and m.sent_at is null
                          then ${localHourOf(sql`v.accepted_at`, sql`m.timezone`)} else m.local_hour end,
        delivered_at = least(m.delivered_at, v.delivered_at),
        bounced_at = least(m.bounced_at, v.bounced_at),
        first_open_at = least(m.first_open_at, v.first_open_at),
        first_human_open_at = least(m.first_human_open_at, v.first_human_open_at),
        first_click_at = least(m.first_click_at, v.first_click_at),
        first_human_click_at = least(m.first_human_click_at, v.first_human_click_at),
        open_count = m.open_count + v.opens,
        click_count = m.click_count + v.clicks
      from deltas v
      where m.workspace_id = ${workspaceId} and m.id = v.id and m.id = any(array(select id from deltas))
      -- A delivery time that came after our own hits may change what they were (a prefetch, a scanner).
      returning m.id, v.delivered_at is not null and (m.first_open_at is not null or m.first_click_at is not null)
        as reexamine
    ), effects as (
      -- Who each stopping event stops: its message's contact, else the contact holding its address (by hash).
      select coalesce(mc.id, ac.id) as contact_id, coalesce(mc.email_hash, f.email_hash) as email_hash, f.effect,
        case f.effect when 'complained' then 3 when 'bounced' then 2 else 1 end as weight
      from fresh f
      left join owned o on o.id = f.message_id
      left join contacts mc on mc.workspace_id = ${workspaceId} and mc.id = o.contact_id
      left join contacts ac on f.message_id is null and ac.workspace_id = ${workspaceId} and ac.email_hash = f.email_hash
      where f.effect is not null
    ), stops as (
      -- One effect per contact; a complaint outranks a bounce, which outranks an unsubscribe.
      select contact_id, (array_agg(effect order by weight desc))[1] as effect
      from effects where contact_id is not null
      group by contact_id
    ), stopped as (
      update contacts c set status = s.effect, updated_at = ${at}
      from stops s
      where c.workspace_id = ${workspaceId} and c.id = s.contact_id
        and (c.status = 'active' or (s.effect = 'complained' and c.status <> 'complained'))
      returning c.id
    ), suppressed as (
      -- Every address, contact or not (erased ones have no hash left: erasure suppressed them already).
      insert into suppressions (workspace_id, email_hash, reason, source, created_at)
      select distinct on (email_hash) ${workspaceId}::uuid, email_hash, effect, 'sendgrid', ${at}
      from effects where email_hash is not null
      order by email_hash, weight desc
      on conflict do nothing
      returning 1
    ), cancelled as (
      update messages m set status = 'cancelled', last_error = 'contact ' || s.effect
      from stops s
      where m.workspace_id = ${workspaceId} and m.contact_id = s.contact_id and m.status in ('scheduled', 'held')
      returning m.id
    )
    select
      (select count(*) from ins)::int as stored,
      (select count(*) from fresh where message_id is null and raw is null and not test_send)::int as unmatched,
      (select count(*) from fresh where test_send)::int as test_sends,
      (select count(*) from fresh where raw is not null)::int as kept_raw,
      (select count(*) from x where message_id is not null and message_id not in (select id from owned))::int as ignored,
      (select count(*) from upd)::int as updated,
      (select count(*) from stopped)::int as contacts_stopped,
      (select count(*) from suppressed)::int as suppressed,
      (select count(*) from cancelled)::int as cancelled,
      (select coalesce(json_agg(id), '[]'::json) from upd where reexamine) as reexamine`,
  );
  if (!result) throw new Error('storeProviderEvents answered nothing');
  return result;
}

/** How long an event's key is kept against re-deliveries: a week, well past SendGrid's 24 hours of retries. */
export const PROVIDER_EVENT_KEY_DAYS = 7;

/** Forgets event keys older than PROVIDER_EVENT_KEY_DAYS, 10,000 at a time (short transactions); how many. */
export async function forgetProviderEventKeys(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - PROVIDER_EVENT_KEY_DAYS * 86_400_000).toISOString();
  let forgotten = 0;
  for (;;) {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`with old as (
            select workspace_id, key from provider_event_keys
            where received_at < ${cutoff}::timestamptz limit 10000
          ), gone as (
            delete from provider_event_keys k using old
            where k.workspace_id = old.workspace_id and k.key = old.key
            returning 1
          )
          select count(*)::int as n from gone`,
    );
    forgotten += row?.n ?? 0;
    if ((row?.n ?? 0) < 10000) return forgotten;
  }
}

/** The SendGrid verification keys stored for the workspace; none for an unknown workspace. */
export async function workspaceWebhookKeys(db: Db, workspaceId: string): Promise<string[]> {
  const [row] = await db
    .select({ keys: workspaces.sendgridWebhookKeys })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return row?.keys ?? [];
}
