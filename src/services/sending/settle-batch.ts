import { inArray, sql } from 'drizzle-orm';
import { lockMessagesInOrder, markSent } from '../../db/queries/messages.js';
import type { Deps } from '../../deps.js';
import type { SendOutcome } from '../../mail/mailer.js';
import type { ClaimedBatch } from './claim-batch.js';

export const MAX_ATTEMPTS = 6;

/** Exponential backoff with full jitter: 30 s, 1 min, 2 min … capped at an hour. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(60 * 60_000, 30_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Writes what SendGrid answered onto the batch's messages. Every update names the batch and the states a
 * batch in flight can be in, so a late answer can never overwrite a batch that was since re-claimed.
 */
export async function settleBatch(
  deps: Deps,
  claimed: ClaimedBatch,
  outcome: SendOutcome,
  suppressedIds: string[],
): Promise<void> {
  const now = deps.clock.now();
  const at = sql`${now.toISOString()}::timestamptz`;
  const mine = sql`workspace_id = ${claimed.workspaceId} and batch_id = ${claimed.batchId} and status in ('sending', 'uncertain')`;
  await deps.db.transaction(async (tx) => {
    await lockMessagesInOrder(tx, claimed.workspaceId, { batchId: claimed.batchId });
    if (suppressedIds.length > 0) {
      await tx.execute(
        sql`update messages set status = 'suppressed', lease_until = null
            where ${mine} and ${inArray(sql`id`, suppressedIds)}`,
      );
    }
    switch (outcome.kind) {
      case 'accepted':
        // Weekday and hour come from the actual send, in the recipient's own zone.
        await tx.execute(
          sql`update messages set ${markSent(at)}, lease_until = null, last_error = null,
                provider_message_id = ${outcome.providerMessageId}
              where ${mine}`,
        );
        break;
      case 'rate_limited': {
        const wait =
          outcome.retryAfterMs ??
          (outcome.resetAtMs !== null ? Math.max(1000, outcome.resetAtMs - now.getTime()) : backoffMs(1));
        const resume = sql`${new Date(now.getTime() + wait).toISOString()}::timestamptz`;
        // A 429 is SendGrid pacing us, not a failed attempt; the whole workspace waits.
        await tx.execute(
          sql`update messages set status = 'scheduled', due_at = ${resume}, batch_id = null, lease_until = null,
                attempts = greatest(attempts - 1, 0), last_error = ${outcome.reason}
              where ${mine}`,
        );
        await tx.execute(
          sql`update workspaces set send_paused_until = ${resume} where id = ${claimed.workspaceId}`,
        );
        break;
      }
      case 'retryable':
        await tx.execute(
          sql`update messages set
                status = case when attempts >= ${MAX_ATTEMPTS} then 'failed' else 'scheduled' end,
                due_at = ${at} + (${backoffMs(1)}::int * power(2, least(attempts - 1, 7))::int) * interval '1 millisecond',
                batch_id = case when attempts >= ${MAX_ATTEMPTS} then batch_id end,
                lease_until = null, last_error = ${outcome.reason}
              where ${mine}`,
        );
        break;
      case 'rejected':
        await tx.execute(
          sql`update messages set status = 'failed', lease_until = null, last_error = ${outcome.reason} where ${mine}`,
        );
        break;
      case 'uncertain':
        // lease_until now records since when: SendGrid's events may settle it for UNCERTAIN_WINDOW_MS (reconcile.ts).
        await tx.execute(
          sql`update messages set status = 'uncertain', lease_until = ${at}, last_error = ${outcome.reason}
              where ${mine}`,
        );
        break;
    }
  });
}
