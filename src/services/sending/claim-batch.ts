import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import {
  countInWindow,
  RATE_WINDOW_MS,
  rateBucket,
  uncountInWindow,
  windowStartOf,
} from '../../db/queries/rate-limits.js';
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

interface DueGroup {
  workspace_id: string;
  campaign_id: string;
  variant_id: string;
  rate: number;
}

/**
 * Takes up to 1,000 due messages of one campaign variant for one SendGrid request, in a short transaction
 * (FOR UPDATE SKIP LOCKED, so two dispatchers never take the same message) with a lease: if this process dies
 * mid-request, the lease runs out and the batch becomes uncertain instead of being sent again blindly.
 * Honours the workspace's send rate per minute and any pause a 429 asked for.
 */
export async function claimBatch(
  deps: Deps,
  now: Date,
  leaseMs: number,
  /** Chosen by the caller, so a claim whose answer was lost can still be found and given back. */
  batchId: string = uuidv7(now.getTime()),
): Promise<ClaimedBatch | null> {
  const nowIso = now.toISOString();
  const skip: string[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const [group] = await queryRows<DueGroup>(
      deps.db,
      sql`select m.workspace_id, m.campaign_id, m.variant_id, w.send_rate_per_minute as rate
          from messages m join workspaces w on w.id = m.workspace_id
          where m.status = 'scheduled' and m.due_at <= ${nowIso}::timestamptz and m.variant_id is not null
            and (w.send_paused_until is null or w.send_paused_until <= ${nowIso}::timestamptz)
            ${skip.length > 0 ? sql`and m.workspace_id <> all(${`{${skip.join(',')}}`}::uuid[])` : sql``}
          order by m.due_at
          limit 1`,
    );
    if (!group) return null;
    const window = windowStartOf(now);
    const allowance = await reserveSends(deps, group, window);
    if (allowance <= 0) {
      // This minute's budget is spent: rest the workspace until the next window and look at another.
      await deps.db.execute(
        // greatest(): a 429's longer pause, set by a sibling lane meanwhile, must stand.
        sql`update workspaces set send_paused_until = greatest(send_paused_until,
              ${new Date(window.getTime() + RATE_WINDOW_MS).toISOString()}::timestamptz)
            where id = ${group.workspace_id}`,
      );
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
  const nowIso = now.toISOString();
  return deps.db.transaction(async (tx) => {
    const claimed = await queryRows<{ id: string; contact_id: string; timezone: string }>(
      tx,
      sql`with c as (
            select workspace_id, id from messages
            where workspace_id = ${group.workspace_id} and campaign_id = ${group.campaign_id}
              and variant_id = ${group.variant_id} and status = 'scheduled' and due_at <= ${nowIso}::timestamptz
            order by due_at
            limit ${allowance}
            for update skip locked
          )
          update messages m set status = 'sending', batch_id = ${batchId},
            lease_until = ${new Date(now.getTime() + leaseMs).toISOString()}::timestamptz, attempts = m.attempts + 1
          from c where m.workspace_id = c.workspace_id and m.id = c.id
          returning m.id, m.contact_id, m.timezone`,
    );
    if (claimed.length > 0) {
      await tx.execute(
        sql`update campaigns set status = 'sending', updated_at = ${nowIso}::timestamptz
            where workspace_id = ${group.workspace_id} and id = ${group.campaign_id} and status = 'scheduled'`,
      );
    }
    return {
      batchId,
      workspaceId: group.workspace_id,
      campaignId: group.campaign_id,
      variantId: group.variant_id,
      messages: claimed.map((m) => ({ id: m.id, contactId: m.contact_id, timezone: m.timezone })),
    };
  });
}
