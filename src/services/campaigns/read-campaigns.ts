import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { campaigns, messages, variants, workspaces } from '../../db/schema/index.js';
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
  const variantRows = await db
    .select()
    .from(variants)
    .where(and(eq(variants.workspaceId, workspaceId), inArray(variants.campaignId, ids)))
    .orderBy(asc(variants.position));
  const counts = await db
    .select({ campaignId: messages.campaignId, status: messages.status, n: sql<number>`count(*)::int` })
    .from(messages)
    .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.campaignId, ids)))
    .groupBy(messages.campaignId, messages.status);
  const lastDue = await db
    .select({ campaignId: messages.campaignId, at: sql<string | null>`max(${messages.dueAt})` })
    .from(messages)
    .where(
      and(
        eq(messages.workspaceId, workspaceId),
        inArray(messages.campaignId, ids),
        eq(messages.status, 'scheduled'),
      ),
    )
    .groupBy(messages.campaignId);
  const [workspace] = await db
    .select({ rate: workspaces.sendRatePerMinute })
    .from(workspaces)
    .where(eq(workspaces.id, workspaceId));
  return rows.map((row) => {
    const byStatus = Object.fromEntries(
      counts.filter((c) => c.campaignId === row.id).map((c) => [c.status, c.n]),
    );
    const due = lastDue.find((d) => d.campaignId === row.id)?.at ?? null;
    return presentCampaign(
      row,
      variantRows.filter((v) => v.campaignId === row.id),
      byStatus,
      estimateCompletion(byStatus, due ? new Date(due) : null, workspace?.rate ?? 60_000, now),
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
  const rows = await deps.db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.workspaceId, workspaceId), eq(campaigns.id, campaignId)));
  const [view] = await present(deps.db, workspaceId, rows, deps.clock.now());
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
  const rows = await deps.db
    .select()
    .from(campaigns)
    .where(
      and(
        eq(campaigns.workspaceId, workspaceId),
        status ? eq(campaigns.status, status) : undefined,
        cursor ? lt(campaigns.id, cursor) : undefined,
      ),
    )
    .orderBy(desc(campaigns.id))
    .limit(limit + 1);
  const data = await present(deps.db, workspaceId, rows.slice(0, limit), deps.clock.now());
  return { data, nextCursor: rows.length > limit ? (data.at(-1)?.id ?? null) : null };
}
