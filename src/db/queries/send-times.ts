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
