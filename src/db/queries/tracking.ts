import { and, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../client.js';
import { contacts, links, messages } from '../schema/index.js';

/**
 * Tracking's statements besides engagement's writes: where a click leads, whose message an unsubscribe token
 * names, Apple's egress ranges, and the truncation of old hits' details.
 */

/** The links of the campaign a message belongs to, with their positions (no rows: no such message). */
export async function campaignLinksOfMessage(
  db: Db,
  workspaceId: string,
  messageId: string,
): Promise<{ campaignId: string; position: number; url: string }[]> {
  return db
    .select({ campaignId: links.campaignId, position: links.position, url: links.url })
    .from(messages)
    .innerJoin(
      links,
      and(eq(links.workspaceId, messages.workspaceId), eq(links.campaignId, messages.campaignId)),
    )
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId)));
}

/** The contact a message was sent to: its id, status and address hash (null once erased). */
export async function contactOfMessage(
  db: Db,
  workspaceId: string,
  messageId: string,
): Promise<
  | { contactId: string; status: (typeof contacts.$inferSelect)['status']; emailHash: string | null }
  | undefined
> {
  const [row] = await db
    .select({ contactId: messages.contactId, status: contacts.status, emailHash: contacts.emailHash })
    .from(messages)
    .innerJoin(
      contacts,
      and(eq(contacts.workspaceId, messages.workspaceId), eq(contacts.id, messages.contactId)),
    )
    .where(and(eq(messages.workspaceId, workspaceId), eq(messages.id, messageId)));
  return row;
}

/** Forgets every stored Apple range (shared by all workspaces); run with the inserts that replace them. */
export async function deleteAppleRanges(db: Db): Promise<void> {
  await db.execute(sql`delete from apple_proxy_ranges`);
}

/** Stores Apple ranges (each once) as refreshed at `now`. */
export async function insertAppleRanges(db: Db, ranges: string[], now: Date): Promise<void> {
  // network(): a range written with host bits set still names its network.
  await db.execute(
    sql`insert into apple_proxy_ranges (range, refreshed_at)
        select distinct network(r::inet)::cidr, ${now.toISOString()}::timestamptz
        from unnest(${`{${ranges.join(',')}}`}::text[]) as r
        on conflict do nothing`,
  );
}

/** How many distinct Apple ranges are stored. */
export async function countAppleRanges(db: Db): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`select count(*)::int as count from apple_proxy_ranges`,
  );
  return row?.count ?? 0;
}

/**
 * Truncates the IPs (to their /24 or /48 network) and user agents (to the product token) of up to `batch` events
 * older than `cutoff` not truncated yet, in every workspace; answers how many it truncated.
 */
export async function truncateEventDetails(db: Db, cutoff: Date, now: Date, batch: number): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    sql`with due as (
          select workspace_id, id, occurred_at from events
          where details_truncated_at is null and (ip is not null or user_agent is not null)
            and occurred_at < ${cutoff.toISOString()}::timestamptz
          limit ${batch}
        ), done as (
          update events e set
            ip = host(set_masklen(e.ip::inet, case when family(e.ip::inet) = 4 then 24 else 48 end)::cidr),
            user_agent = nullif(split_part(e.user_agent, ' ', 1), ''),
            details_truncated_at = ${now.toISOString()}::timestamptz
          from due where e.workspace_id = due.workspace_id and e.id = due.id and e.occurred_at = due.occurred_at
          returning 1
        )
        select count(*)::int as count from done`,
  );
  return row?.count ?? 0;
}
