import { and, eq, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../client.js';
import { campaigns } from '../schema/index.js';

/**
 * A/B tests: which wait on a decision, the decision's claim, and the held recipients it releases to the winner.
 * A test's held recipients are its campaign's messages in status `held`.
 */

/** An A/B test waiting on its decision, with when its last test send went out (null: none did). */
export interface AwaitingTest {
  workspace_id: string;
  id: string;
  last_sent: string | Date | null;
}

/**
 * Across workspaces (the background decision), the undecided tests of scheduled or sending campaigns that hold
 * recipients back and have no test send left in the queue.
 */
export async function testsAwaitingDecision(db: Db): Promise<AwaitingTest[]> {
  return queryRows<AwaitingTest>(
    db,
    sql`select c.workspace_id, c.id,
               (select max(m.sent_at) from messages m
                where m.workspace_id = c.workspace_id and m.campaign_id = c.id and m.variant_id is not null) as last_sent
        from campaigns c
        where c.test is not null and c.decided_at is null and c.status in ('scheduled', 'sending')
          and exists (select 1 from messages m where m.workspace_id = c.workspace_id and m.campaign_id = c.id
                      and m.status = 'held')
          and not exists (select 1 from messages m where m.workspace_id = c.workspace_id and m.campaign_id = c.id
                          and m.variant_id is not null and m.status in ('scheduled', 'sending'))`,
  );
}

/** How many of the campaign's messages are uncertain (SendGrid may or may not have taken them). */
export async function countUncertainMessages(
  db: Db,
  workspaceId: string,
  campaignId: string,
): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from messages
        where workspace_id = ${workspaceId} and campaign_id = ${campaignId} and status = 'uncertain'`,
  );
  return row?.n ?? 0;
}

/**
 * Writes the test's decision where none exists and the campaign is still scheduled or sending; answers whether
 * this call wrote it (false: another runDueWork decided first).
 */
export async function claimTestDecision(
  db: Db,
  workspaceId: string,
  campaignId: string,
  decision: NonNullable<(typeof campaigns.$inferInsert)['testDecision']>,
  now: Date,
): Promise<boolean> {
  const taken = await db
    .update(campaigns)
    .set({ testDecision: decision, decidedAt: now, updatedAt: now })
    .where(
      and(
        eq(campaigns.workspaceId, workspaceId),
        eq(campaigns.id, campaignId),
        sql`decided_at is null and status in ('scheduled', 'sending')`,
      ),
    )
    .returning({ id: campaigns.id });
  return taken.length > 0;
}

/** A send slot of held recipients: their zone and the time they were planned for. */
export interface HeldSlot {
  timezone: string;
  scheduled_at: string | Date;
}

/** The distinct (zone, planned time) slots of the campaign's held recipients. */
export async function heldSlots(db: Db, workspaceId: string, campaignId: string): Promise<HeldSlot[]> {
  return queryRows<HeldSlot>(
    db,
    sql`select distinct timezone, scheduled_at from messages
        where workspace_id = ${workspaceId} and campaign_id = ${campaignId} and status = 'held'`,
  );
}

/**
 * Schedules the campaign's held recipients with the winning variant, each slot (zone, planned time) at its new
 * due time; answers how many were released.
 */
export async function releaseHeldSlots(
  db: Db,
  workspaceId: string,
  campaignId: string,
  winnerVariantId: string,
  moved: { timezone: string; scheduled_at: string; due_at: string }[],
): Promise<number> {
  const released = await queryRows<{ id: string }>(
    db,
    sql`update messages m set status = 'scheduled', variant_id = ${winnerVariantId}, due_at = s.due_at,
          scheduled_at = s.due_at
        from json_to_recordset(${JSON.stringify(moved)}::json) as s(timezone text, scheduled_at timestamptz, due_at timestamptz)
        where m.workspace_id = ${workspaceId} and m.campaign_id = ${campaignId} and m.status = 'held'
          and m.timezone = s.timezone and m.scheduled_at = s.scheduled_at
        returning m.id`,
  );
  return released.length;
}
