import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.js';
import {
  campaigns,
  contacts,
  links,
  listMembers,
  messages,
  suppressions,
  variants,
} from '../schema/index.js';

/**
 * Campaigns: their rows and variants, what scheduling writes (the messages of an expansion, the tracked links)
 * and the message counts a campaign is presented with. Every statement names its workspace.
 */

type CampaignRow = typeof campaigns.$inferSelect;
type VariantRow = typeof variants.$inferSelect;
type MessageRow = typeof messages.$inferSelect;

/** The workspace's campaign with this id; `forUpdate` locks its row for the rest of the transaction. */
export async function findCampaign(
  db: Db,
  workspaceId: string,
  campaignId: string,
  options: { forUpdate?: boolean } = {},
): Promise<CampaignRow | undefined> {
  const query = db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, campaignId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/** Up to `limit` of the workspace's campaigns (of one status, if given), newest first, before `cursor`. */
export async function campaignsBefore(
  db: Db,
  workspaceId: string,
  page: { status?: CampaignRow['status'] | undefined; cursor?: string | undefined; limit: number },
): Promise<CampaignRow[]> {
  return db
    .select()
    .from(campaigns)
    .where(
      and(
        eq(campaigns.workspaceId, workspaceId),
        page.status ? eq(campaigns.status, page.status) : undefined,
        page.cursor ? lt(campaigns.id, page.cursor) : undefined,
      ),
    )
    .orderBy(desc(campaigns.id))
    .limit(page.limit);
}

/** Stores a new campaign. */
export async function insertCampaign(db: Db, values: typeof campaigns.$inferInsert): Promise<void> {
  await db.insert(campaigns).values(values);
}

/** Writes changes to the workspace's campaign. */
export async function updateCampaignRow(
  db: Db,
  workspaceId: string,
  campaignId: string,
  changes: Partial<typeof campaigns.$inferInsert>,
): Promise<void> {
  await db
    .update(campaigns)
    .set(changes)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, campaignId)));
}

/** The variants of the workspace's campaigns, in position order (the first is the control). */
export async function campaignVariants(
  db: Db,
  workspaceId: string,
  campaignIds: string[],
): Promise<VariantRow[]> {
  return db
    .select()
    .from(variants)
    .where(and(eq(variants.workspaceId, workspaceId), inArray(variants.campaignId, campaignIds)))
    .orderBy(asc(variants.position));
}

/** How many variants the workspace's campaign has. */
export async function countCampaignVariants(
  db: Db,
  workspaceId: string,
  campaignId: string,
): Promise<number> {
  return db.$count(variants, and(eq(variants.workspaceId, workspaceId), eq(variants.campaignId, campaignId)));
}

/** Replaces the variants of the workspace's campaign with these rows (a delete, then one insert). */
export async function replaceCampaignVariants(
  db: Db,
  workspaceId: string,
  campaignId: string,
  values: (typeof variants.$inferInsert)[],
): Promise<void> {
  await db
    .delete(variants)
    .where(and(eq(variants.workspaceId, workspaceId), eq(variants.campaignId, campaignId)));
  await db.insert(variants).values(values);
}

/** Subject line, position and campaign name of the workspace's variants with these ids. */
export async function variantsWithCampaignName(
  db: Db,
  workspaceId: string,
  variantIds: string[],
): Promise<{ id: string; subject: string; position: number; campaignName: string }[]> {
  return db
    .select({
      id: variants.id,
      subject: variants.subject,
      position: variants.position,
      campaignName: campaigns.name,
    })
    .from(variants)
    .innerJoin(
      campaigns,
      and(eq(campaigns.workspaceId, variants.workspaceId), eq(campaigns.id, variants.campaignId)),
    )
    .where(and(eq(variants.workspaceId, workspaceId), inArray(variants.id, variantIds)));
}

/** How many messages the workspace's campaigns have in each status. */
export async function messageCountsByStatus(
  db: Db,
  workspaceId: string,
  campaignIds: string[],
): Promise<{ campaignId: string; status: MessageRow['status']; n: number }[]> {
  return db
    .select({ campaignId: messages.campaignId, status: messages.status, n: sql<number>`count(*)::int` })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.campaignId, campaignIds)))
    .groupBy(messages.campaignId, messages.status);
}

/** Each of the workspace's campaigns' latest due time among its scheduled messages (none: no row). */
export async function lastScheduledDue(
  db: Db,
  workspaceId: string,
  campaignIds: string[],
): Promise<{ campaignId: string; at: string | null }[]> {
  return db
    .select({ campaignId: messages.campaignId, at: sql<string | null>`max(${messages.dueAt})` })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        inArray(messages.campaignId, campaignIds),
        eq(messages.status, 'scheduled'),
      ),
    )
    .groupBy(messages.campaignId);
}

/** A list member as scheduling weighs it: who may be mailed, where they are, and why not. */
export interface Recipient {
  contactId: string;
  timezone: string | null;
  leadSource: (typeof contacts.$inferSelect)['leadSource'];
  status: (typeof contacts.$inferSelect)['status'];
  /** The workspace suppresses the contact's address. */
  suppressed: boolean;
}

/** The unerased members of the workspace's list, each with its status and whether its address is suppressed. */
export async function listRecipients(db: Db, workspaceId: string, listId: string): Promise<Recipient[]> {
  return db
    .select({
      contactId: contacts.id,
      timezone: contacts.timezone,
      leadSource: contacts.leadSource,
      status: contacts.status,
      suppressed: sql<boolean>`${suppressions.emailHash} is not null`,
    })
    .from(listMembers)
    .innerJoin(
      contacts,
      and(
        eq(contacts.workspaceId, listMembers.workspaceId),
        eq(contacts.id, listMembers.contactId),
        isNull(contacts.erasedAt),
      ),
    )
    .leftJoin(
      suppressions,
      and(eq(suppressions.workspaceId, contacts.workspaceId), eq(suppressions.emailHash, contacts.emailHash)),
    )
    .where(and(eq(listMembers.workspaceId, workspaceId), eq(listMembers.listId, listId)));
}

const INSERT_CHUNK = 2000;

/** Stores a campaign's messages, INSERT_CHUNK rows a statement. */
export async function insertMessages(db: Db, values: (typeof messages.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < values.length; i += INSERT_CHUNK) {
    await db.insert(messages).values(values.slice(i, i + INSERT_CHUNK));
  }
}

/** Stores the campaign's tracked URLs by position; those stored already stay as they are. */
export async function insertCampaignLinks(
  db: Db,
  workspaceId: string,
  campaignId: string,
  urls: string[],
): Promise<void> {
  await db
    .insert(links)
    .values(urls.map((url, position) => ({ workspaceId, campaignId, position, url })))
    .onConflictDoNothing();
}

/** Cancels the campaign's messages not yet sent (scheduled or held); answers how many. */
export async function cancelUnsentCampaignMessages(
  db: Db,
  workspaceId: string,
  campaignId: string,
): Promise<number> {
  const cancelled = await db
    .update(messages)
    .set({ status: 'cancelled' })
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        eq(messages.campaignId, campaignId),
        inArray(messages.status, ['scheduled', 'held']),
      ),
    )
    .returning({ id: messages.id });
  return cancelled.length;
}

/** The names of the workspace's campaigns with these ids. */
export async function campaignNames(
  db: Db,
  workspaceId: string,
  ids: string[],
): Promise<{ id: string; name: string }[]> {
  if (ids.length === 0) return [];
  return db
    .select({ id: campaigns.id, name: campaigns.name })
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), inArray(campaigns.id, ids)));
}
