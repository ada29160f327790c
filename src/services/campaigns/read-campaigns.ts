import type { Db } from '../../db/client.js';
import {
  campaignsBefore,
  campaignVariants,
  findCampaign,
  lastScheduledDue,
  messageCountsByStatus,
} from '../../db/queries/campaigns.js';
import { findWorkspace } from '../../db/queries/workspaces.js';
import type { campaigns } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { type CampaignView, presentCampaign } from './present-campaign.js';

/**
 * When the last message should go out: not before the last scheduled send time, and not before the pending
 * messages have passed through the workspace's send rate. Uncertain and held messages wait on a decision.
 */
function estimateCompletion(
  byStatus: Record<string, number>,
  lastDue: Date | null,
  ratePerMinute: number,
  now: Date,
) {
  const pending = (byStatus.scheduled ?? 0) + (byStatus.sending ?? 0);
  if (pending === 0) return null;
  const drain = now.getTime() + (pending / ratePerMinute) * 60_000;
  return new Date(Math.max(drain, lastDue?.getTime() ?? 0)).toISOString();
}

async function present(
  db: Db,
  workspaceId: string,
  rows: (typeof campaigns.$inferSelect)[],
  now: Date,
): Promise<CampaignView[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const variantRows = await campaignVariants(db, workspaceId, ids);
  const counts = await messageCountsByStatus(db, workspaceId, ids);
  const lastDue = await lastScheduledDue(db, workspaceId, ids);
  const workspace = await findWorkspace(db, workspaceId);
  return rows.map((row) => {
    const byStatus = Object.fromEntries(
      counts.filter((c) => c.campaignId === row.id).map((c) => [c.status, c.n]),
    );
    const due = lastDue.find((d) => d.campaignId === row.id)?.at ?? null;
    return presentCampaign(
      row,
      variantRows.filter((v) => v.campaignId === row.id),
      byStatus,
      estimateCompletion(byStatus, due ? new Date(due) : null, workspace?.sendRatePerMinute ?? 60_000, now),
    );
  });
}

export async function getCampaign({
  deps,
  workspaceId,
  campaignId,
}: {
  deps: Deps;
  workspaceId: string;
  campaignId: string;
}): Promise<CampaignView> {
  const row = await findCampaign(deps.db, workspaceId, campaignId);
  const [view] = await present(deps.db, workspaceId, row ? [row] : [], deps.clock.now());
  if (!view) throw notFound('Campaign');
  return view;
}

/** A page of campaigns, newest first. */
export async function listCampaigns({
  deps,
  workspaceId,
  status,
  limit,
  cursor,
}: {
  deps: Deps;
  workspaceId: string;
  status?: (typeof campaigns.$inferSelect)['status'] | undefined;
  limit: number;
  cursor?: string | undefined;
}) {
  // One more than the page: whether it is there says whether another page follows.
  const rows = await campaignsBefore(deps.db, workspaceId, { status, cursor, limit: limit + 1 });
  const data = await present(deps.db, workspaceId, rows.slice(0, limit), deps.clock.now());
  return { data, nextCursor: rows.length > limit ? (data.at(-1)?.id ?? null) : null };
}
