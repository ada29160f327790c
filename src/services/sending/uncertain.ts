import {
  dropUncertain,
  markUncertainSent,
  reopenSentCampaign,
  rescheduleUncertain,
} from '../../db/queries/uncertain.js';
import type { Deps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/record-audit.js';
import { getCampaign } from '../campaigns/read-campaigns.js';

export const UNCERTAIN_ACTIONS = ['mark_sent', 'resend', 'drop'] as const;
export type UncertainAction = (typeof UNCERTAIN_ACTIONS)[number];

/**
 * The operator's decision on a campaign's messages whose send is uncertain (SendGrid may or may not have taken
 * them, and no event has said): `mark_sent` counts them sent, at the time their request went out; `resend`
 * schedules them again now (who was mailed may be mailed twice: the operator's call, never Kaifu's); `drop`
 * gives them up as failed. Audited, with how many messages it moved.
 */
export async function resolveUncertain({
  deps,
  actor,
  campaignId,
  action,
}: {
  deps: Deps;
  actor: Actor;
  campaignId: string;
  action: UncertainAction;
}) {
  const campaign = await getCampaign({ deps, workspaceId: actor.workspaceId, campaignId });
  if (action === 'resend' && campaign.status === 'cancelled')
    throw new ApiError(
      'conflict',
      'the campaign is cancelled: its uncertain messages can be marked sent or dropped',
    );
  const now = deps.clock.now();
  const move = { mark_sent: markUncertainSent, resend: rescheduleUncertain, drop: dropUncertain }[action];
  const moved = await deps.db.transaction(async (tx) => {
    const count = await move(tx, actor.workspaceId, campaignId, now);
    // A completed campaign sends again: it is sending until those are out.
    if (action === 'resend' && count > 0) await reopenSentCampaign(tx, actor.workspaceId, campaignId, now);
    await recordAudit({
      db: tx,
      entry: {
        workspaceId: actor.workspaceId,
        actorKeyId: actor.keyId,
        action: `campaign.uncertain.${action}`,
        targetType: 'campaign',
        targetId: campaignId,
        details: { messages: count },
        requestId: actor.requestId,
        at: now,
      },
    });
    return count;
  });
  return { action, messages: moved };
}
