import { lockMessagesInOrder } from '../../db/queries/messages.js';
import {
  failBatch,
  markBatchSent,
  markBatchUncertain,
  pauseWorkspaceSends,
  rescheduleRateLimitedBatch,
  retryBatchLater,
  suppressBatchMessages,
} from '../../db/queries/sending.js';
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
export async function settleBatch({
  deps,
  claimed,
  outcome,
  suppressedIds,
}: {
  deps: Deps;
  claimed: ClaimedBatch;
  outcome: SendOutcome;
  suppressedIds: string[];
}): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await lockMessagesInOrder(tx, claimed.workspaceId, { batchId: claimed.batchId });
    if (suppressedIds.length > 0) await suppressBatchMessages(tx, claimed, suppressedIds);
    switch (outcome.kind) {
      case 'accepted':
        await markBatchSent(tx, claimed, now, outcome.providerMessageId);
        break;
      case 'rate_limited': {
        const wait =
          outcome.retryAfterMs ??
          (outcome.resetAtMs !== null ? Math.max(1000, outcome.resetAtMs - now.getTime()) : backoffMs(1));
        const resume = new Date(now.getTime() + wait);
        // A 429 is SendGrid pacing us, not a failed attempt; the whole workspace waits.
        await rescheduleRateLimitedBatch(tx, claimed, resume, outcome.reason);
        await pauseWorkspaceSends(tx, claimed.workspaceId, resume);
        break;
      }
      case 'retryable':
        await retryBatchLater(tx, claimed, {
          now,
          firstWaitMs: backoffMs(1),
          maxAttempts: MAX_ATTEMPTS,
          reason: outcome.reason,
        });
        break;
      case 'rejected':
        await failBatch(tx, claimed, outcome.reason);
        break;
      case 'uncertain':
        await markBatchUncertain(tx, claimed, now, outcome.reason);
        break;
    }
  });
}
