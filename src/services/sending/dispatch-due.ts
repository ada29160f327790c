import type { Deps } from '../../deps';
import { createTokenSigner } from '../../tracking/tokens';
import { claimBatch } from './claim-batch';
import { composeBatch, loadVariantContent, type VariantContent } from './compose-batch';
import { storeInOutbox } from './outbox';
import { settleBatch } from './settle-batch';

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

/**
 * Sends what is due, batch by batch, until nothing is due or the time budget is spent. Never holds a
 * transaction across the HTTP call: claim (short transaction) → compose → send → settle (short transaction).
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
  const signer = await createTokenSigner(deps.config.secret);
  // Content shared by a variant's batches; a run lasts seconds, and only drafts can be edited.
  const contents = new Map<string, Promise<VariantContent>>();
  const started = performance.now();
  while (performance.now() - started < (options.budgetMs ?? 20_000)) {
    const claimed = await claimBatch(deps, deps.clock.now(), LEASE_MS);
    if (!claimed) break;
    report.batches++;
    const key = `${claimed.workspaceId}/${claimed.campaignId}/${claimed.variantId}`;
    let content = contents.get(key);
    if (!content) {
      content = loadVariantContent(deps, claimed);
      contents.set(key, content);
    }
    const composed = await composeBatch(deps, claimed, await content, signer);
    report.suppressed += composed.suppressedIds.length;
    const count = composed.mail.personalizations.length;
    if (count === 0) {
      await settleBatch(deps, claimed, { kind: 'accepted', providerMessageId: null }, composed.suppressedIds);
      continue;
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
      continue;
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
  }
  return report;
}
