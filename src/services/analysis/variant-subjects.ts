import { variantsWithCampaignName } from '../../db/queries/campaigns.js';
import type { Deps } from '../../deps.js';

/** Subject line, position and campaign name of the variants that rows name. */
export async function variantSubjects({
  deps,
  workspaceId,
  rows,
}: {
  deps: Deps;
  workspaceId: string;
  rows: { variantId?: string | number | undefined }[];
}): Promise<Map<string, { subject: string; position: number; campaignName: string }>> {
  const ids = [...new Set(rows.map((r) => String(r.variantId ?? '')).filter(Boolean))];
  if (ids.length === 0) return new Map();
  const found = await variantsWithCampaignName(deps.analyticsDb, workspaceId, ids);
  return new Map(found.map((v) => [v.id, v]));
}
