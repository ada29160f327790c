import { and, eq, sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { countsByVariant } from '../../db/queries/rollups.js';
import { campaigns, variants } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { addDays, localParts, zonedTimeToUtc } from '../../lib/time-zones.js';
import { recordAudit } from '../audit/record-audit.js';
import { type SendingWindow, TestSettings } from './campaign-input.js';
import { decideTest, type TestedVariant } from './decide-test.js';
import { nextInWindow } from './plan-sends.js';
import { variantLabel } from './present-campaign.js';

const DAY_MS = 86_400_000;

/**
 * A/B tests whose wait is over: every test send out of the queue and `waitHours` passed since the last one.
 * Uncertain test sends do not hold a test up: they have no send time, so the decision leaves them out. Each is
 * decided once (the decision is written only where none exists, in the transaction that releases the held
 * recipients) and logged in the audit log with its evidence. Answers how many were decided.
 */
export async function decideDueTests(deps: Deps, now: Date): Promise<number> {
  const due = await queryRows<{ workspace_id: string; id: string; last_sent: string | Date | null }>(
    deps.db,
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
  let decided = 0;
  for (const row of due) {
    const [campaign] = await deps.db
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.workspaceId, row.workspace_id), eq(campaigns.id, row.id)));
    const settings = TestSettings.safeParse(campaign?.test);
    if (!campaign || !settings.success) {
      deps.log.error('an A/B test cannot be decided: its settings do not parse', { campaignId: row.id });
      continue;
    }
    // With no test send at all (every test recipient suppressed, say), the wait runs from the scheduling.
    const waitFrom = row.last_sent ? new Date(row.last_sent) : (campaign.scheduledAt ?? now);
    if (waitFrom.getTime() + settings.data.waitHours * 3_600_000 > now.getTime()) continue;
    try {
      if (await decideAndRelease(deps, campaign, settings.data, now)) decided++;
    } catch (error) {
      // One campaign's trouble must not stop the others, nor the dispatch that follows.
      deps.log.error('deciding an A/B test failed', { campaignId: row.id, error });
    }
  }
  return decided;
}

async function decideAndRelease(
  deps: Deps,
  campaign: typeof campaigns.$inferSelect,
  settings: TestSettings,
  now: Date,
): Promise<boolean> {
  const { workspaceId, id: campaignId } = campaign;
  const variantRows = await deps.db
    .select()
    .from(variants)
    .where(and(eq(variants.workspaceId, workspaceId), eq(variants.campaignId, campaignId)))
    .orderBy(variants.position);
  const countsOf = await countsByVariant(deps.db, workspaceId, campaignId);
  const tested: TestedVariant[] = variantRows.map((v) => ({
    id: v.id,
    label: variantLabel(v.position),
    counts: countsOf(v.id),
  }));
  const decision = decideTest(tested, settings);
  const [uncertain] = await queryRows<{ n: number }>(
    deps.db,
    sql`select count(*)::int as n from messages
        where workspace_id = ${workspaceId} and campaign_id = ${campaignId} and status = 'uncertain'`,
  );
  return deps.db.transaction(async (tx) => {
    const taken = await tx
      .update(campaigns)
      .set({ testDecision: { ...decision, decidedAt: now.toISOString() }, decidedAt: now, updatedAt: now })
      .where(
        and(
          eq(campaigns.workspaceId, workspaceId),
          eq(campaigns.id, campaignId),
          sql`decided_at is null and status in ('scheduled', 'sending')`,
        ),
      )
      .returning({ id: campaigns.id });
    if (taken.length === 0) return false; // another runDueWork decided first
    const released = await releaseHeld(tx, campaign, decision.winnerVariantId, now);
    await recordAudit(tx, {
      workspaceId,
      actorKeyId: null,
      action: 'campaign.test_decided',
      targetType: 'campaign',
      targetId: campaignId,
      details: {
        winner: decision.winnerLabel,
        reason: decision.reason,
        released,
        // Test sends SendGrid may or may not have taken: not in the evidence.
        uncertainLeftOut: uncertain?.n ?? 0,
        evidence: decision.evidence,
      },
      at: now,
    });
    return true;
  });
}

/**
 * Sends the held recipients the winner, each at their planned local time of day on the next day it comes round
 * (inside the campaign's sending window): a lead picked for 10:00 their time still gets it at 10:00.
 */
async function releaseHeld(
  tx: Deps['db'],
  campaign: typeof campaigns.$inferSelect,
  winnerVariantId: string,
  now: Date,
): Promise<number> {
  const slots = await queryRows<{ timezone: string; scheduled_at: string | Date }>(
    tx,
    sql`select distinct timezone, scheduled_at from messages
        where workspace_id = ${campaign.workspaceId} and campaign_id = ${campaign.id} and status = 'held'`,
  );
  const window = campaign.sendingWindow as SendingWindow | null;
  const moved = slots.map((slot) => {
    const planned = new Date(slot.scheduled_at);
    const days = Math.max(0, Math.ceil((now.getTime() - planned.getTime()) / DAY_MS));
    // Days added to the local wall time, so a daylight-saving change in between keeps the hour.
    const p = localParts(planned, slot.timezone);
    const wall = { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute };
    let at = zonedTimeToUtc(addDays(wall, days), slot.timezone);
    if (at < now) at = zonedTimeToUtc(addDays(wall, days + 1), slot.timezone);
    if (window) at = nextInWindow(at, slot.timezone, window);
    return { timezone: slot.timezone, scheduled_at: planned.toISOString(), due_at: at.toISOString() };
  });
  const released = await queryRows<{ id: string }>(
    tx,
    sql`update messages m set status = 'scheduled', variant_id = ${winnerVariantId}, due_at = s.due_at,
          scheduled_at = s.due_at
        from json_to_recordset(${JSON.stringify(moved)}::json) as s(timezone text, scheduled_at timestamptz, due_at timestamptz)
        where m.workspace_id = ${campaign.workspaceId} and m.campaign_id = ${campaign.id} and m.status = 'held'
          and m.timezone = s.timezone and m.scheduled_at = s.scheduled_at
        returning m.id`,
  );
  return released.length;
}
