import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps.js';
import { createTokenSigner, type TokenSigner } from '../../tracking/tokens.js';
import { type ClaimedBatch, claimBatch } from './claim-batch.js';
import { composeBatch, loadVariantContent, type VariantContent } from './compose-batch.js';
import { storeInOutbox } from './outbox.js';
import { settleBatch } from './settle-batch.js';

/** How long a claim may be in flight before the batch counts as uncertain (longer than any SendGrid timeout). */
export const LEASE_MS = 5 * 60_000;

export interface DispatchReport {
  batches: number;
  sent: number;
  outboxed: number;
  suppressed: number;
  retried: number;
  failed: number;
  uncertain: number;
  rateLimited: number;
}

/** Batches in flight at once per dispatcher: one composes while another waits on SendGrid or Postgres. */
export const DISPATCH_LANES = 3;

/**
 * Sends what is due, batch by batch, until nothing is due or the time budget is spent. Never holds a
 * transaction across the HTTP call: claim (short transaction) → compose → send → settle (short transaction).
 * A few lanes run side by side; claims skip each other's rows, so they never share a message.
 */
export async function dispatchDue(deps: Deps, options: { budgetMs?: number } = {}): Promise<DispatchReport> {
  const report: DispatchReport = {
    batches: 0,
    sent: 0,
    outboxed: 0,
    suppressed: 0,
    retried: 0,
    failed: 0,
    uncertain: 0,
    rateLimited: 0,
  };
  const run: DispatchRun = {
    deps,
    report,
    signer: await createTokenSigner(deps.config.secret),
    contents: new Map(),
    claims: Promise.resolve(null),
  };
  const deadline = performance.now() + (options.budgetMs ?? 20_000);
  let failure: unknown = null;
  const lane = async () => {
    try {
      while (failure === null && performance.now() < deadline && (await dispatchOneBatch(run))) {}
    } catch (error) {
      failure ??= error; // the other lanes stop after their batch in flight
    }
  };
  await Promise.all(Array.from({ length: DISPATCH_LANES }, lane));
  if (failure !== null) throw failure;
  return report;
}

interface DispatchRun {
  deps: Deps;
  report: DispatchReport;
  signer: TokenSigner;
  /** Content shared by a variant's batches; a run lasts seconds, and only drafts can be edited. */
  contents: Map<string, Promise<VariantContent>>;
  /** Lanes claim one after another, so a batch is never split by a sibling lane's claim racing it. */
  claims: Promise<ClaimedBatch | null>;
}

/** Claims, sends and settles one batch; false when nothing is due. */
async function dispatchOneBatch(run: DispatchRun): Promise<boolean> {
  const { deps, report, signer, contents } = run;
  const claim = run.claims.catch(() => null).then(() => claimBatch(deps, deps.clock.now(), LEASE_MS));
  run.claims = claim;
  const claimed = await claim;
  if (!claimed) return false;
  report.batches++;
  const key = `${claimed.workspaceId}/${claimed.campaignId}/${claimed.variantId}`;
  let content = contents.get(key);
  if (!content) {
    content = loadVariantContent(deps, claimed);
    contents.set(key, content);
    content.catch(() => contents.delete(key));
  }
  // Nothing has left yet: a failure here gives the batch back, rather than leaving it to look uncertain.
  const composed = await content
    .then((c) => composeBatch(deps, claimed, c, signer))
    .catch(async (error) => {
      await releaseClaim(deps, claimed);
      throw error;
    });
  report.suppressed += composed.suppressedIds.length;
  const count = composed.mail.personalizations.length;
  if (count === 0) {
    await settleBatch(deps, claimed, { kind: 'accepted', providerMessageId: null }, composed.suppressedIds);
    return true;
  }
  if (!composed.apiKey) {
    await storeInOutbox(deps.db, {
      workspaceId: claimed.workspaceId,
      campaignId: claimed.campaignId,
      messageIds: composed.messageIds,
      mail: composed.mail,
      test: false,
      now: deps.clock.now(),
    });
    await settleBatch(deps, claimed, { kind: 'accepted', providerMessageId: null }, composed.suppressedIds);
    report.outboxed += count;
    return true;
  }
  const outcome = await deps.mailer.send(composed.mail, composed.apiKey);
  await settleBatch(deps, claimed, outcome, composed.suppressedIds);
  const tally = {
    accepted: 'sent',
    rate_limited: 'rateLimited',
    retryable: 'retried',
    rejected: 'failed',
    uncertain: 'uncertain',
  } as const;
  report[tally[outcome.kind]] += count;
  if (outcome.kind !== 'accepted') {
    deps.log.warn('sendgrid batch not accepted', {
      batchId: claimed.batchId,
      outcome: outcome.kind,
      reason: outcome.reason,
      recipients: count,
    });
  }
  return true;
}

/** Gives a claimed batch back to the queue, as if it had never been taken. */
async function releaseClaim(deps: Deps, claimed: ClaimedBatch): Promise<void> {
  await deps.db.execute(
    sql`update messages set status = 'scheduled', batch_id = null, lease_until = null,
          attempts = greatest(attempts - 1, 0)
        where workspace_id = ${claimed.workspaceId} and batch_id = ${claimed.batchId} and status = 'sending'`,
  );
}
