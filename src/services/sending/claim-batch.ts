import {
  countInWindow,
  RATE_WINDOW_MS,
  rateBucket,
  uncountInWindow,
  windowStartOf,
} from '../../db/queries/rate-limits.js';
import {
  claimDueMessages,
  type DueGroup,
  extendSendPause,
  markCampaignSending,
  nextDueGroup,
} from '../../db/queries/sending.js';
import type { Deps } from '../../deps.js';
import { uuidv7 } from '../../lib/ids.js';
import { MAX_PERSONALIZATIONS } from '../../mail/mailer.js';

export interface ClaimedBatch {
  batchId: string;
  workspaceId: string;
  campaignId: string;
  variantId: string;
  messages: { id: string; contactId: string; timezone: string }[];
}

/**
 * Takes up to 1,000 due messages of one campaign variant for one SendGrid request, in a short transaction
 * (FOR UPDATE SKIP LOCKED, so two dispatchers never take the same message) with a lease: if this process dies
 * mid-request, the lease runs out and the batch becomes uncertain instead of being sent again blindly.
 * Honours the workspace's send rate per minute and any pause a 429 asked for.
 */
export async function claimBatch({
  deps,
  now,
  leaseMs,
  batchId = uuidv7(now.getTime()),
}: {
  deps: Deps;
  now: Date;
  leaseMs: number;
  batchId?: string;
}): Promise<ClaimedBatch | null> {
  const skip: string[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const group = await nextDueGroup(deps.db, now, skip);
    if (!group) return null;
    const window = windowStartOf(now);
    const allowance = await reserveSends(deps, group, window);
    if (allowance <= 0) {
      // This minute's budget is spent: rest the workspace until the next window and look at another.
      await extendSendPause(deps.db, group.workspace_id, new Date(window.getTime() + RATE_WINDOW_MS));
      skip.push(group.workspace_id);
      continue;
    }
    const claimed = await claimMessages(deps, group, allowance, now, leaseMs, batchId);
    if (claimed.messages.length < allowance)
      await returnSends(deps, group, window, allowance - claimed.messages.length);
    if (claimed.messages.length > 0) return claimed;
  }
  return null;
}

/**
 * Takes up to a batch from this minute's send budget in one statement, so concurrent claims for a workspace
 * never wait on each other's transactions. A crash before the unused part is returned only slows that minute.
 */
async function reserveSends(deps: Deps, group: DueGroup, window: Date): Promise<number> {
  const after = await countInWindow(
    deps.db,
    group.workspace_id,
    rateBucket.sends,
    window,
    MAX_PERSONALIZATIONS,
  );
  const before = after - MAX_PERSONALIZATIONS;
  const allowance = Math.max(0, Math.min(MAX_PERSONALIZATIONS, group.rate - before));
  if (allowance < MAX_PERSONALIZATIONS)
    await returnSends(deps, group, window, MAX_PERSONALIZATIONS - allowance);
  return allowance;
}

const returnSends = (deps: Deps, group: DueGroup, window: Date, unused: number) =>
  uncountInWindow(deps.db, group.workspace_id, rateBucket.sends, window, unused);

async function claimMessages(
  deps: Deps,
  group: DueGroup,
  allowance: number,
  now: Date,
  leaseMs: number,
  batchId: string,
): Promise<ClaimedBatch> {
  return deps.db.transaction(async (tx) => {
    const claimed = await claimDueMessages(tx, group, {
      batchId,
      limit: allowance,
      now,
      leaseUntil: new Date(now.getTime() + leaseMs),
    });
    if (claimed.length > 0) await markCampaignSending(tx, group.workspace_id, group.campaign_id, now);
    return {
      batchId,
      workspaceId: group.workspace_id,
      campaignId: group.campaign_id,
      variantId: group.variant_id,
      messages: claimed.map((m) => ({ id: m.id, contactId: m.contact_id, timezone: m.timezone })),
    };
  });
}
