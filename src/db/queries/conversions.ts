import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../client.js';

/** A conversion ready to store: its place in the request, and the contact named by id or by address. */
export interface ConversionItem {
  index: number;
  id: string;
  type: 'meeting' | 'won';
  contact_id: string | null;
  email: string | null;
  occurred_at: string;
  amount: number | null;
  external_id: string | null;
}

/** What became of a conversion: stored new, stored over the one with its externalId, or naming no contact. */
export interface StoredConversion {
  index: number;
  outcome: 'created' | 'updated' | 'unknown';
  campaign_id: string | null;
}

// The latest human open or click of a message that came before the conversion (a later click must not hide
// an open inside the window).
const ENGAGED_BEFORE = sql.raw(`greatest(
  case when m.first_human_open_at <= r.occurred_at then m.first_human_open_at end,
  case when m.first_human_click_at <= r.occurred_at then m.first_human_click_at end)`);

/**
 * One statement: resolves each conversion's contact among the workspace's unerased ones, credits it to the
 * contact's campaign with the latest human open or click in the workspace's attribution window before it, and
 * stores it (a repeated externalId of a type updates the stored one). Answers each item's outcome by index.
 */
export async function upsertConversions(
  db: Db,
  workspaceId: string,
  items: ConversionItem[],
  now: Date,
): Promise<StoredConversion[]> {
  return queryRows<StoredConversion>(
    db,
    sql`
    with x as materialized (
      select * from json_to_recordset(${JSON.stringify(items)}::json) as x(
        index int, id uuid, type text, contact_id uuid, email text, occurred_at timestamptz, amount numeric,
        external_id text)
    ), resolved as (
      select x.*, c.id as contact from x
      left join contacts c on c.workspace_id = ${workspaceId} and c.erased_at is null
        and (c.id = x.contact_id or (x.contact_id is null and c.email = x.email))
    ), credited as (
      select r.*, (
        select m.campaign_id from messages m
        where m.workspace_id = ${workspaceId} and m.contact_id = r.contact
          and ${ENGAGED_BEFORE} between r.occurred_at - make_interval(days => w.attribution_days) and r.occurred_at
        order by ${ENGAGED_BEFORE} desc
        limit 1
      ) as campaign_id
      from resolved r, workspaces w
      where w.id = ${workspaceId} and r.contact is not null
    ), upserted as (
      insert into conversions (workspace_id, id, contact_id, type, occurred_at, amount, external_id, campaign_id, created_at)
      select ${workspaceId}, id, contact, type, occurred_at, amount, external_id, campaign_id, ${now.toISOString()}::timestamptz
      from credited
      on conflict (workspace_id, type, external_id) do update set
        contact_id = excluded.contact_id, occurred_at = excluded.occurred_at, amount = excluded.amount,
        campaign_id = excluded.campaign_id
      -- xmax = 0 only on a freshly inserted row: an update of an existing one carries the updating transaction.
      returning id, type, external_id, (xmax = 0) as inserted, campaign_id
    )
    select c.index, case when u.inserted then 'created' else 'updated' end as outcome, u.campaign_id
    from credited c join upserted u
      on u.id = c.id or (c.external_id is not null and u.type = c.type and u.external_id = c.external_id)
    union all
    select index, 'unknown', null from resolved where contact is null`,
  );
}
