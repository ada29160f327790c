import type { Db } from '../../db/client.js';
import { findCampaign } from '../../db/queries/campaigns.js';
import { ApiError, notFound } from '../../errors.js';

/** The campaign row, locked for this transaction; `draftFor` names the change that only a draft allows. */
export async function lockCampaign({
  tx,
  workspaceId,
  campaignId,
  draftFor,
}: {
  tx: Db;
  workspaceId: string;
  campaignId: string;
  draftFor?: string;
}) {
  const row = await findCampaign(tx, workspaceId, campaignId, { forUpdate: true });
  if (!row) throw notFound('Campaign');
  if (draftFor && row.status !== 'draft') {
    throw new ApiError('conflict', `Only drafts can be ${draftFor}; this campaign is ${row.status}`);
  }
  return row;
}
