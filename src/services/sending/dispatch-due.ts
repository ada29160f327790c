import { releaseClaimedBatch } from '../../db/queries/sending.js';
import type { Deps } from '../../deps.js';
import { uuidv7 } from '../../lib/ids.js';
import type { SendOutcome } from '../../mail/mailer.js';
import { createTokenSigner, type TokenSigner } from '../tracking/tokens.js';
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
export async function dispatchDue({
  deps,
  budgetMs = 20_000,
}: {
  deps: Deps;
  budgetMs?: number;
}): Promise<DispatchReport> {
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
  const deadline = performance.now() + budgetMs;
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
  const batchId = uuidv7(deps.clock.now().getTime());
  const claim = run.claims
    .catch(() => null)
    .then(() => claimBatch({ deps, now: deps.clock.now(), leaseMs: LEASE_MS, batchId }))
    .catch(async (error) => {
      // The claim may have committed with its answer lost: nothing was sent, so give back whatever it took,
      // rather than let the lease run out and leave mail that never left looking uncertain.
      await persistently(deps, 'giving back a claim', RELEASE_RETRY_MS, () =>
        releaseClaim(deps, batchId),
      ).catch(() => {});
      throw error;
    });
  run.claims = claim;
  const claimed = await claim;
  if (!claimed) return false;
  report.batches++;
  const key = `${claimed.workspaceId}/${claimed.campaignId}/${claimed.variantId}`;
  let content = contents.get(key);
  if (!content) {
    content = loadVariantContent({ deps, claimed });
    contents.set(key, content);
    content.catch(() => contents.delete(key));
  }
  // Nothing has left yet: a failure here gives the batch back, rather than leaving it to look uncertain.
  const composed = await content
    .then((c) => composeBatch({ deps, claimed, content: c, signer }))
    .catch(async (error) => {
      await releaseClaim(deps, claimed.batchId);
      throw error;
    });
  report.suppressed += composed.suppressedIds.length;
  // Whatever the outcome, it must reach the database, or the batch would look uncertain.
  const settle = (outcome: SendOutcome, what = 'settling a batch') =>
    persistently(deps, what, SETTLE_RETRY_MS, () =>
      settleBatch({ deps, claimed, outcome, suppressedIds: composed.suppressedIds }),
    );
  const nothingToSend: SendOutcome = { kind: 'accepted', providerMessageId: null };
  const count = composed.mail.personalizations.length;
  if (count === 0) {
    await settle(nothingToSend);
    return true;
  }
  if (!composed.apiKey) {
    await storeInOutbox({
      db: deps.db,
      input: {
        workspaceId: claimed.workspaceId,
        campaignId: claimed.campaignId,
        messageIds: composed.messageIds,
        mail: composed.mail,
        test: false,
        now: deps.clock.now(),
      },
    });
    await settle(nothingToSend);
    report.outboxed += count;
    return true;
  }
  const outcome = await deps.mailer.send(composed.mail, composed.apiKey);
  await settle(outcome, 'settling a sent batch');
  const tally = {
    accepted: 'sent',
    rate_limited: 'rateLimited',
    retryable: 'retried',
    rejected: 'failed',
    uncertain: 'uncertain',
  } as const;
  report[tally[outcome.kind]] += count;
  // Only what SendGrid took: outboxed and suppressed mail never left.
  if (outcome.kind === 'accepted') deps.counters?.add('kaifu_messages_sent_total', count);
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

/** Gives a claimed batch back to the queue, as if it had never been taken. Only for a batch never sent. */
const releaseClaim = (deps: Deps, batchId: string) => releaseClaimedBatch(deps.db, batchId);

/** How long a settlement is tried again before the lease and SendGrid's events are left to decide. */
export const SETTLE_RETRY_MS = 10_000;
/** A claim is given back only briefly: if that fails too, its lease runs out and it shows as uncertain. */
const RELEASE_RETRY_MS = 2000;

/**
 * A write that must not be lost to a database blip, tried again in this process — waits doubling from a quarter
 * second — while `budgetMs` lasts (short, so a stopping process is not held up). Only for idempotent writes
 * (settling names the batch and its in-flight states, so a retry after a lost COMMIT changes nothing).
 */
async function persistently(
  deps: Deps,
  what: string,
  budgetMs: number,
  write: () => Promise<void>,
): Promise<void> {
  const deadline = performance.now() + budgetMs;
  for (let attempt = 1, wait = 250; ; attempt++, wait *= 2) {
    try {
      return await write();
    } catch (error) {
      if (performance.now() + wait > deadline) {
        deps.log.error(`${what} failed for good`, { error, attempts: attempt });
        throw error;
      }
      deps.log.warn(`${what} failed; trying again`, { error, attempt, waitMs: wait });
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
