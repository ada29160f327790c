import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../client.js';
import { markSent } from './messages.js';

/**
 * Uncertain sends: messages whose request SendGrid may or may not have taken. The sweeps that find and settle
 * them (across workspaces: crash safety has no tenant), and the operator's decisions on one campaign's.
 */

const timestamp = (at: Date) => sql`${at.toISOString()}::timestamptz`;

/**
 * Makes claims whose lease ran out (the dispatcher died mid-request) uncertain, dated from their claim
 * (`leaseMs` before the lease's end); answers how many.
 */
export async function expireLeases(db: Db, now: Date, leaseMs: number): Promise<number> {
  const expired = await queryRows<{ id: string }>(
    db,
    sql`update messages set status = 'uncertain', lease_until = lease_until - ${leaseMs}::int * interval '1 millisecond',
          last_error = 'dispatcher stopped while the request was in flight'
        where status = 'sending' and lease_until < ${timestamp(now)}
        returning id`,
  );
  return expired.length;
}

/**
 * Marks sent, at the batch's first send time, the uncertain messages of every batch with a message already
 * known sent: SendGrid takes or refuses a request whole. Answers how many.
 */
export async function settleUncertainBySiblings(db: Db): Promise<number> {
  const settled = await queryRows<{ id: string }>(
    db,
    sql`update messages m set ${markSent(sql`s.sent_at`)}, lease_until = null, last_error = null
        from (select batch_id, min(sent_at) as sent_at from messages
              where status = 'sent' and batch_id in (select batch_id from messages where status = 'uncertain')
              group by batch_id) s
        where m.status = 'uncertain' and m.batch_id = s.batch_id
        returning m.id`,
  );
  return settled.length;
}

/** How many messages have been uncertain since before `windowStart`: past waiting for SendGrid's events. */
export async function countUnsettled(db: Db, windowStart: Date): Promise<number> {
  const [unsettled] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from messages where status = 'uncertain' and lease_until < ${timestamp(windowStart)}`,
  );
  return unsettled?.n ?? 0;
}

/**
 * Completes sending campaigns with nothing left to send or to wait for (uncertain since before `windowStart`
 * no longer counts); answers how many.
 */
export async function completeFinishedCampaigns(db: Db, now: Date, windowStart: Date): Promise<number> {
  const at = timestamp(now);
  const completed = await queryRows<{ id: string }>(
    db,
    sql`update campaigns c set status = 'sent', completed_at = ${at}, updated_at = ${at}
        where c.status = 'sending' and not exists (
          select 1 from messages m where m.workspace_id = c.workspace_id and m.campaign_id = c.id
            and (m.status in ('scheduled', 'sending', 'held')
                 or (m.status = 'uncertain' and m.lease_until >= ${timestamp(windowStart)})))
        returning c.id`,
  );
  return completed.length;
}

/** The campaign's uncertain messages. */
const uncertainOf = (workspaceId: string, campaignId: string) =>
  sql`workspace_id = ${workspaceId} and campaign_id = ${campaignId} and status = 'uncertain'`;

async function moved(db: Db, update: SQL): Promise<number> {
  const rows = await queryRows<{ id: string }>(db, update);
  return rows.length;
}

/** Marks the campaign's uncertain messages sent, at the time their request went out; answers how many. */
export async function markUncertainSent(
  db: Db,
  workspaceId: string,
  campaignId: string,
  now: Date,
): Promise<number> {
  // lease_until of an uncertain message is when its request went out, as near as Kaifu knows.
  return moved(
    db,
    sql`update messages set ${markSent(sql`coalesce(lease_until, ${timestamp(now)})`)}, lease_until = null,
          last_error = 'marked sent by the operator'
        where ${uncertainOf(workspaceId, campaignId)} returning id`,
  );
}

/** Schedules the campaign's uncertain messages again, due now; answers how many. */
export async function rescheduleUncertain(
  db: Db,
  workspaceId: string,
  campaignId: string,
  now: Date,
): Promise<number> {
  return moved(
    db,
    sql`update messages set status = 'scheduled', due_at = ${timestamp(now)}, batch_id = null, lease_until = null,
          last_error = 'sent again by the operator'
        where ${uncertainOf(workspaceId, campaignId)} returning id`,
  );
}

/** Gives the campaign's uncertain messages up as failed; answers how many. */
export async function dropUncertain(db: Db, workspaceId: string, campaignId: string): Promise<number> {
  return moved(
    db,
    sql`update messages set status = 'failed', lease_until = null,
          last_error = 'dropped by the operator: SendGrid may or may not have taken it'
        where ${uncertainOf(workspaceId, campaignId)} returning id`,
  );
}

/** Puts a completed campaign back to sending (its messages were scheduled again). */
export async function reopenSentCampaign(
  db: Db,
  workspaceId: string,
  campaignId: string,
  now: Date,
): Promise<void> {
  const at = timestamp(now);
  await db.execute(
    sql`update campaigns set status = 'sending', completed_at = null, updated_at = ${at}
        where workspace_id = ${workspaceId} and id = ${campaignId} and status = 'sent'`,
  );
}
