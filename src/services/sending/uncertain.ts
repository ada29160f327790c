import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import type { Actor } from '../actor.js';
import { getCampaign } from '../campaigns/read-campaigns.js';

/**
 * The operator's decision on messages whose send is uncertain (a workspace without a webhook cannot learn
 * whether SendGrid took them): `resend` schedules them again now, `drop` gives them up as failed.
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
  action: 'resend' | 'drop';
}) {
  await getCampaign({ deps, workspaceId: actor.workspaceId, campaignId });
  const at = sql`${deps.clock.now().toISOString()}::timestamptz`;
  const rows = await queryRows<{ id: string }>(
    deps.db,
    action === 'resend'
      ? sql`update messages set status = 'scheduled', due_at = ${at}, batch_id = null, lease_until = null,
              last_error = 'sent again by the operator'
            where workspace_id = ${actor.workspaceId} and campaign_id = ${campaignId} and status = 'uncertain'
            returning id`
      : sql`update messages set status = 'failed', lease_until = null,
              last_error = 'dropped by the operator: SendGrid may or may not have taken it'
            where workspace_id = ${actor.workspaceId} and campaign_id = ${campaignId} and status = 'uncertain'
            returning id`,
  );
  return { action, messages: rows.length };
}
