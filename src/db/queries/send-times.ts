import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../client.js';

/** How many human opens a contact had at a local hour (0–23, on the recipient's clock). */
export interface ContactOpenHour {
  contact_id: string;
  hour: number;
  n: number;
}

/** The contacts' human opens counted by the local hour (in each message's zone) they happened at. */
export async function humanOpensByLocalHour(
  db: Db,
  workspaceId: string,
  contactIds: string[],
): Promise<ContactOpenHour[]> {
  return queryRows<ContactOpenHour>(
    db,
    sql`select contact_id, extract(hour from first_human_open_at at time zone timezone)::int as hour, count(*)::int as n
        from messages
        where workspace_id = ${workspaceId} and contact_id = any(${`{${contactIds.join(',')}}`}::uuid[])
          and first_human_open_at is not null
        group by 1, 2`,
  );
}

/** Seconds from send to the first human open of each of the campaign's messages a person opened, ascending. */
export async function humanOpenDelays(db: Db, workspaceId: string, campaignId: string): Promise<number[]> {
  const rows = await queryRows<{ seconds: number }>(
    db,
    sql`select extract(epoch from first_human_open_at - sent_at)::float8 as seconds
        from messages
        where workspace_id = ${workspaceId} and campaign_id = ${campaignId}
          and sent_at is not null and first_human_open_at >= sent_at
        order by 1`,
  );
  return rows.map((r) => Number(r.seconds));
}
