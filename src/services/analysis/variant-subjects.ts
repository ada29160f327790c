import { and, eq, inArray } from 'drizzle-orm';
import { campaigns, variants } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';

/** Subject line, position and campaign name of the variants that rows name. */
export async function variantSubjects(
  deps: Deps,
  workspaceId: string,
  rows: { variantId?: string | number | undefined }[],
): Promise<Map<string, { subject: string; position: number; campaignName: string }>> {
  const ids = [...new Set(rows.map((r) => String(r.variantId ?? '')).filter(Boolean))];
  if (ids.length === 0) return new Map();
  const found = await deps.analyticsDb
    .select({
      id: variants.id,
      subject: variants.subject,
      position: variants.position,
      campaignName: campaigns.name,
    })
    .from(variants)
    .innerJoin(
      campaigns,
      and(eq(campaigns.workspaceId, variants.workspaceId), eq(campaigns.id, variants.campaignId)),
    )
    .where(and(eq(variants.workspaceId, workspaceId), inArray(variants.id, ids)));
  return new Map(found.map((v) => [v.id, v]));
}
