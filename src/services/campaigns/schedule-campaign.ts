import {
  campaignVariants,
  cancelUnsentCampaignMessages,
  insertCampaignLinks,
  insertMessages,
  listRecipients,
  updateCampaignRow,
} from '../../db/queries/campaigns.js';
import { findWorkspace } from '../../db/queries/workspaces.js';
import type { Deps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { uuidv7 } from '../../lib/ids.js';
import type { Lang } from '../../lib/lang.js';
import { extractLinks } from '../../mail/render.js';
import type { Actor } from '../actor.js';
import { planTest, type TestPlan } from '../experiments/plan-test.js';
import { planSendTimes, type SendTimeSummary, sendTimeShares } from '../send-times/plan-send-times.js';
import type { Schedule } from './campaign-input.js';
import { lockCampaign } from './lock-campaign.js';
import { PAST_TOLERANCE_MS, type PlanSummary, planSends } from './plan-sends.js';
import { getCampaign } from './read-campaigns.js';

export interface Exclusions {
  unsubscribed: number;
  bounced: number;
  complained: number;
  suppressed: number;
}

/** What the last expansion did (stored on the campaign, answered to the scheduler). */
export type ScheduleSummary = PlanSummary & {
  excluded: Exclusions;
  test?: TestPlan;
  sendTime?: SendTimeSummary;
};

/**
 * Expands a draft into one message per eligible recipient of its list, each with its UTC send time, and marks
 * it scheduled. Unsubscribed, bounced, complained and suppressed contacts are left out and counted.
 */
export async function scheduleCampaign({
  deps,
  actor,
  campaignId,
  schedule: given,
  lang = 'en',
}: {
  deps: Deps;
  actor: Actor;
  campaignId: string;
  schedule?: Schedule | undefined;
  /** The language of the A/B test plan's notes. */
  lang?: Lang;
}) {
  const now = deps.clock.now();
  const { workspaceId } = actor;
  const summary = await deps.db.transaction(async (tx) => {
    const row = await lockCampaign({ tx, workspaceId, campaignId, draftFor: 'scheduled' });
    const schedule = given ?? row.schedule;
    if (!schedule) throw new ApiError('unprocessable', 'Give a schedule here or on the campaign first');
    if (schedule.type === 'at' && Date.parse(schedule.at) < now.getTime() - PAST_TOLERANCE_MS) {
      throw new ApiError('unprocessable', `schedule.at ${schedule.at} is in the past`);
    }
    if (schedule.type === 'optimized' && Date.parse(schedule.to) <= now.getTime()) {
      throw new ApiError('unprocessable', `schedule.to ${schedule.to} is in the past`);
    }
    const workspace = await findWorkspace(tx, workspaceId);
    if (!workspace?.senderName || !workspace.senderEmail || !workspace.senderPostalAddress) {
      throw new ApiError(
        'unprocessable',
        'Set the workspace sender name, email and postal address first (PATCH /v1/workspace): every message must carry them',
      );
    }

    const members = await listRecipients(tx, workspaceId, row.listId);
    const excluded: Exclusions = { unsubscribed: 0, bounced: 0, complained: 0, suppressed: 0 };
    const eligible = members.filter((m) => {
      if (m.status !== 'active') excluded[m.status]++;
      else if (m.suppressed) excluded.suppressed++;
      return m.status === 'active' && !m.suppressed;
    });
    if (eligible.length === 0) {
      throw new ApiError('unprocessable', 'The list has no contact who may be mailed', {
        members: members.length,
        excluded,
      });
    }

    const variantRows = await campaignVariants(tx, workspaceId, [campaignId]);
    const test = row.test;
    const chosen = await planSendTimes({
      deps,
      tx,
      workspaceId,
      listId: row.listId,
      recipients: eligible,
      schedule,
      window: row.sendingWindow,
      shares: sendTimeShares(schedule, row.sendTime, workspace.sendTime),
      usual: workspace.sendTime.usual,
      seed: row.seed,
      now,
    });
    const plan = planSends({
      timeOf: chosen?.timeOf,
      recipients: eligible,
      defaultTimezone: workspace.defaultTimezone,
      schedule,
      sendingWindow: row.sendingWindow,
      now,
      seed: row.seed,
      variantIds: variantRows.map((v) => v.id),
      testShare: test?.share ?? null,
    });
    // Moving a whole list a day later is not what was asked: a date past everywhere is a mistake, as `at` is.
    if (schedule.type === 'local' && plan.summary.movedToNextDay === plan.summary.recipients) {
      throw new ApiError(
        'unprocessable',
        `schedule ${schedule.date} ${schedule.time} has passed in every recipient’s time zone`,
      );
    }
    const leadSourceOf = new Map(eligible.map((m) => [m.contactId, m.leadSource]));
    await insertMessages(
      tx,
      plan.messages.map((m) => ({
        workspaceId,
        id: uuidv7(now.getTime()),
        campaignId,
        variantId: m.variantId,
        contactId: m.contactId,
        leadSource: leadSourceOf.get(m.contactId) ?? null,
        status: m.status,
        timezone: m.timezone,
        sendArm: m.arm,
        scheduledAt: m.scheduledAt,
        dueAt: m.scheduledAt,
        createdAt: now,
      })),
    );
    // The campaign's tracked URLs, fixed now: a click redirect can only ever lead to one of these.
    const { links: urls } = extractLinks(row.html);
    if (urls.length > 0) await insertCampaignLinks(tx, workspaceId, campaignId, urls);
    const result: ScheduleSummary = {
      ...plan.summary,
      excluded,
      ...(chosen && { sendTime: chosen.summary }),
    };
    if (test) {
      result.test = await planTest({
        db: tx,
        workspaceId,
        listId: row.listId,
        test,
        byVariant: variantRows.map((v) => plan.summary.byVariant[v.id] ?? 0),
        recipients: plan.summary.recipients,
        held: plan.summary.held,
        now,
        lang,
      });
    }
    await updateCampaignRow(tx, workspaceId, campaignId, {
      status: 'scheduled',
      schedule,
      scheduledAt: now,
      scheduleSummary: result,
      updatedAt: now,
    });
    return result;
  });
  return { campaign: await getCampaign({ deps, workspaceId, campaignId }), summary };
}

/** Stops a campaign: every message not yet sent is cancelled; what went out stays as it is. */
export async function cancelCampaign({
  deps,
  actor,
  campaignId,
}: {
  deps: Deps;
  actor: Actor;
  campaignId: string;
}) {
  const now = deps.clock.now();
  const { workspaceId } = actor;
  const cancelledMessages = await deps.db.transaction(async (tx) => {
    const row = await lockCampaign({ tx, workspaceId, campaignId });
    if (row.status === 'sent') throw new ApiError('conflict', 'This campaign has been sent completely');
    if (row.status === 'cancelled') return 0;
    const cancelled = await cancelUnsentCampaignMessages(tx, workspaceId, campaignId);
    await updateCampaignRow(tx, workspaceId, campaignId, {
      status: 'cancelled',
      cancelledAt: now,
      updatedAt: now,
    });
    return cancelled;
  });
  return { campaign: await getCampaign({ deps, workspaceId, campaignId }), cancelledMessages };
}
