import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { markSent } from '../../db/queries/messages.js';
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
  const at = sql`${now.toISOString()}::timestamptz`;
  const mine = sql`workspace_id = ${actor.workspaceId} and campaign_id = ${campaignId} and status = 'uncertain'`;
  const change = {
    // lease_until of an uncertain message is when its request went out, as near as Kaifu knows.
    mark_sent: sql`update messages set ${markSent(sql`coalesce(lease_until, ${at})`)}, lease_until = null,
                     last_error = 'marked sent by the operator'
                   where ${mine} returning id`,
    resend: sql`update messages set status = 'scheduled', due_at = ${at}, batch_id = null, lease_until = null,
                  last_error = 'sent again by the operator'
                where ${mine} returning id`,
    drop: sql`update messages set status = 'failed', lease_until = null,
                last_error = 'dropped by the operator: SendGrid may or may not have taken it'
              where ${mine} returning id`,
  }[action];
  const moved = await deps.db.transaction(async (tx) => {
    const rows = await queryRows<{ id: string }>(tx, change);
    // A completed campaign sends again: it is sending until those are out.
    if (action === 'resend' && rows.length > 0) {
      await tx.execute(
        sql`update campaigns set status = 'sending', completed_at = null, updated_at = ${at}
            where workspace_id = ${actor.workspaceId} and id = ${campaignId} and status = 'sent'`,
      );
    }
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorKeyId: actor.keyId,
      action: `campaign.uncertain.${action}`,
      targetType: 'campaign',
      targetId: campaignId,
      details: { messages: rows.length },
      requestId: actor.requestId,
      at: now,
    });
    return rows.length;
  });
  return { action, messages: moved };
}
