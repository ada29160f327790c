import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../client.js';
import { contacts, links, variants } from '../schema/index.js';
import { markSent } from './messages.js';

/**
 * Sending: claiming due messages into a batch, reading what its mail is made of, and writing what SendGrid
 * answered. What happens to a batch whose send is uncertain is in uncertain.ts.
 */

type VariantRow = typeof variants.$inferSelect;
type ContactRow = typeof contacts.$inferSelect;

const timestamp = (at: Date) => sql`${at.toISOString()}::timestamptz`;

/** A campaign variant with messages due, and its workspace's send rate per minute. */
export interface DueGroup {
  workspace_id: string;
  campaign_id: string;
  variant_id: string;
  rate: number;
}

/** The variant whose message has been due longest, in a workspace not paused and not among `skip`. */
export async function nextDueGroup(db: Db, now: Date, skip: string[]): Promise<DueGroup | undefined> {
  const nowIso = now.toISOString();
  const [group] = await queryRows<DueGroup>(
    db,
    sql`select m.workspace_id, m.campaign_id, m.variant_id, w.send_rate_per_minute as rate
        from messages m join workspaces w on w.id = m.workspace_id
        where m.status = 'scheduled' and m.due_at <= ${nowIso}::timestamptz and m.variant_id is not null
          and (w.send_paused_until is null or w.send_paused_until <= ${nowIso}::timestamptz)
          ${skip.length > 0 ? sql`and m.workspace_id <> all(${`{${skip.join(',')}}`}::uuid[])` : sql``}
        order by m.due_at
        limit 1`,
  );
  return group;
}

/** Rests the workspace's sends until `until`, or longer if a longer pause already stands. */
export async function extendSendPause(db: Db, workspaceId: string, until: Date): Promise<void> {
  await db.execute(
    // greatest(): a 429's longer pause, set by a sibling lane meanwhile, must stand.
    sql`update workspaces set send_paused_until = greatest(send_paused_until,
          ${until.toISOString()}::timestamptz)
        where id = ${workspaceId}`,
  );
}

/**
 * Takes up to `limit` of the variant's due messages, longest due first, into the batch under a lease, skipping
 * rows another claim holds (FOR UPDATE SKIP LOCKED); answers them with their contact and zone.
 */
export async function claimDueMessages(
  db: Db,
  group: DueGroup,
  claim: { batchId: string; limit: number; now: Date; leaseUntil: Date },
): Promise<{ id: string; contact_id: string; timezone: string }[]> {
  return queryRows<{ id: string; contact_id: string; timezone: string }>(
    db,
    sql`with c as (
          select workspace_id, id from messages
          where workspace_id = ${group.workspace_id} and campaign_id = ${group.campaign_id}
            and variant_id = ${group.variant_id} and status = 'scheduled' and due_at <= ${claim.now.toISOString()}::timestamptz
          order by due_at
          limit ${claim.limit}
          for update skip locked
        )
        update messages m set status = 'sending', batch_id = ${claim.batchId},
          lease_until = ${claim.leaseUntil.toISOString()}::timestamptz, attempts = m.attempts + 1
        from c where m.workspace_id = c.workspace_id and m.id = c.id
        returning m.id, m.contact_id, m.timezone`,
  );
}

/** Marks a scheduled campaign sending: its first batch was claimed. */
export async function markCampaignSending(
  db: Db,
  workspaceId: string,
  campaignId: string,
  now: Date,
): Promise<void> {
  await db.execute(
    sql`update campaigns set status = 'sending', updated_at = ${now.toISOString()}::timestamptz
        where workspace_id = ${workspaceId} and id = ${campaignId} and status = 'scheduled'`,
  );
}

/** Gives a claimed batch back to the queue, as if it had never been taken. Only for a batch never sent. */
export async function releaseClaimedBatch(db: Db, batchId: string): Promise<void> {
  await db.execute(
    sql`update messages set status = 'scheduled', batch_id = null, lease_until = null,
          attempts = greatest(attempts - 1, 0)
        where batch_id = ${batchId} and status = 'sending'`,
  );
}

/** The workspace's variant with this id. */
export async function findVariant(
  db: Db,
  workspaceId: string,
  variantId: string,
): Promise<VariantRow | undefined> {
  const [row] = await db
    .select()
    .from(variants)
    .where(and(eq(variants.workspaceId, workspaceId), eq(variants.id, variantId)));
  return row;
}

/** The campaign's link targets, in their order in the body. */
export async function campaignLinkUrls(
  db: Db,
  workspaceId: string,
  campaignId: string,
): Promise<{ url: string }[]> {
  return db
    .select({ url: links.url })
    .from(links)
    .where(and(eq(links.workspaceId, workspaceId), eq(links.campaignId, campaignId)))
    .orderBy(asc(links.position));
}

/** A claimed message's contact, with whether it may still be mailed. */
export interface ClaimedRecipient {
  id: string;
  email: string | null;
  name: string | null;
  company: string | null;
  attributes: Record<string, unknown>;
  /** Active, not erased, and its address not suppressed. */
  mailable: boolean;
}

/** The contacts with these ids, their merge values and whether each may still be mailed. */
export async function recipientsOf(
  db: Db,
  workspaceId: string,
  contactIds: string[],
): Promise<ClaimedRecipient[]> {
  return queryRows<ClaimedRecipient>(
    db,
    sql`select c.id, c.email, c.name, c.company, c.attributes,
               (c.status = 'active' and c.erased_at is null and s.email_hash is null) as mailable
        from contacts c
        left join suppressions s on s.workspace_id = c.workspace_id and s.email_hash = c.email_hash
        where c.workspace_id = ${workspaceId} and c.id = any(${`{${contactIds.join(',')}}`}::uuid[])`,
  );
}

/** The workspace's contacts with these addresses, erased or not. */
export async function contactsWithEmails(
  db: Db,
  workspaceId: string,
  emails: string[],
): Promise<ContactRow[]> {
  return db
    .select()
    .from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.email, emails)));
}

/** A batch, as the messages claimed into it name it. */
export interface BatchKey {
  workspaceId: string;
  batchId: string;
}

/**
 * The batch's messages in the states a batch in flight can be in: every settling update names both, so a late
 * answer can never overwrite a batch that was since re-claimed.
 */
const inFlight = (batch: BatchKey) =>
  sql`workspace_id = ${batch.workspaceId} and batch_id = ${batch.batchId} and status in ('sending', 'uncertain')`;

/** Marks these messages of the batch suppressed: their contact may no longer be mailed. */
export async function suppressBatchMessages(db: Db, batch: BatchKey, ids: string[]): Promise<void> {
  await db.execute(
    sql`update messages set status = 'suppressed', lease_until = null
        where ${inFlight(batch)} and ${inArray(sql`id`, ids)}`,
  );
}

/** Marks the batch sent at `now`, with SendGrid's id for the request. */
export async function markBatchSent(
  db: Db,
  batch: BatchKey,
  now: Date,
  providerMessageId: string | null,
): Promise<void> {
  // Weekday and hour come from the actual send, in the recipient's own zone.
  await db.execute(
    sql`update messages set ${markSent(timestamp(now))}, lease_until = null, last_error = null,
          provider_message_id = ${providerMessageId}
        where ${inFlight(batch)}`,
  );
}

/** Schedules the batch again at `resume`, giving back its attempt: a 429 is SendGrid pacing us, not a failure. */
export async function rescheduleRateLimitedBatch(
  db: Db,
  batch: BatchKey,
  resume: Date,
  reason: string,
): Promise<void> {
  await db.execute(
    sql`update messages set status = 'scheduled', due_at = ${timestamp(resume)}, batch_id = null, lease_until = null,
          attempts = greatest(attempts - 1, 0), last_error = ${reason}
        where ${inFlight(batch)}`,
  );
}

/** Holds all the workspace's sends until `until`. */
export async function pauseWorkspaceSends(db: Db, workspaceId: string, until: Date): Promise<void> {
  await db.execute(
    sql`update workspaces set send_paused_until = ${timestamp(until)} where id = ${workspaceId}`,
  );
}

/**
 * Schedules the batch's messages again after a wait doubling with each attempt from `firstWaitMs`, or fails
 * those that have had `maxAttempts`.
 */
export async function retryBatchLater(
  db: Db,
  batch: BatchKey,
  retry: { now: Date; firstWaitMs: number; maxAttempts: number; reason: string },
): Promise<void> {
  await db.execute(
    sql`update messages set
          status = case when attempts >= ${retry.maxAttempts} then 'failed' else 'scheduled' end,
          due_at = ${timestamp(retry.now)} + (${retry.firstWaitMs}::int * power(2, least(attempts - 1, 7))::int) * interval '1 millisecond',
          batch_id = case when attempts >= ${retry.maxAttempts} then batch_id end,
          lease_until = null, last_error = ${retry.reason}
        where ${inFlight(batch)}`,
  );
}

/** Fails the batch's messages for good. */
export async function failBatch(db: Db, batch: BatchKey, reason: string): Promise<void> {
  await db.execute(
    sql`update messages set status = 'failed', lease_until = null, last_error = ${reason} where ${inFlight(batch)}`,
  );
}

/** Marks the batch uncertain since `now`: SendGrid may or may not have taken it. */
export async function markBatchUncertain(db: Db, batch: BatchKey, now: Date, reason: string): Promise<void> {
  // lease_until now records since when: SendGrid's events may settle it for UNCERTAIN_WINDOW_MS (reconcile.ts).
  await db.execute(
    sql`update messages set status = 'uncertain', lease_until = ${timestamp(now)}, last_error = ${reason}
        where ${inFlight(batch)}`,
  );
}
