import { and, asc, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { campaigns, messages, variants } from '../../db/schema';
import type { Deps } from '../../deps';
import { notFound } from '../../errors';
import { type CampaignView, presentCampaign } from './present-campaign';

async function present(
  db: Db,
  workspaceId: string,
  rows: (typeof campaigns.$inferSelect)[],
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
  return rows.map((row) =>
    presentCampaign(
      row,
      variantRows.filter((v) => v.campaignId === row.id),
      Object.fromEntries(counts.filter((c) => c.campaignId === row.id).map((c) => [c.status, c.n])),
    ),
  );
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
  const [view] = await present(deps.db, workspaceId, rows);
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
  const data = await present(deps.db, workspaceId, rows.slice(0, limit));
  return { data, nextCursor: rows.length > limit ? (data.at(-1)?.id ?? null) : null };
}
