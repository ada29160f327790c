import { lt } from 'drizzle-orm';
import { forgetProviderEventKeys } from '../db/queries/provider-events.js';
import { endedSessions, idempotencyRecords, rateLimitWindows } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import { decideDueTests } from './experiments/run-due-decisions.js';
import { type DispatchReport, dispatchDue } from './sending/dispatch-due.js';
import { type ReconcileReport, reconcileSending } from './sending/reconcile.js';
import { truncateTrackingDetails } from './tracking/retention.js';

export interface DueWorkReport {
  reconcile: ReconcileReport;
  /** A/B tests decided, their held recipients released to the winner. */
  testsDecided: number;
  dispatch: DispatchReport;
  expiredIdempotencyRecords: number;
  expiredRateLimitWindows: number;
  /** Signed-out dashboard sessions forgotten once they would have expired anyway. */
  expiredSignOuts: number;
  /** Provider event keys past the week a re-delivery could still come in. */
  forgottenEventKeys: number;
  /** Opens and clicks whose IP address and user agent were truncated after the retention period. */
  truncatedTrackingDetails: number;
}

/**
 * All background work in one function: a Cron Trigger on Workers, an interval loop on Node. Each step is a
 * short statement or claim, so two copies running at once are harmless.
 */
export async function runDueWork(
  deps: Deps,
  now: Date,
  options: { budgetMs?: number } = {},
): Promise<DueWorkReport> {
  const reconcile = await reconcileSending(deps, now);
  // Before dispatching: a decided test's held recipients may be due at once.
  const testsDecided = await decideDueTests(deps, now);
  const dispatch = await dispatchDue(deps, options);
  const expiredIdempotency = await deps.db
    .delete(idempotencyRecords)
    .where(lt(idempotencyRecords.expiresAt, now))
    .returning({ key: idempotencyRecords.key });
  // Windows are a minute long; keep a few for the operator to look at.
  const windowCutoff = new Date(now.getTime() - 10 * 60_000);
  const expiredWindows = await deps.db
    .delete(rateLimitWindows)
    .where(lt(rateLimitWindows.windowStart, windowCutoff))
    .returning({ bucket: rateLimitWindows.bucket });
  const expiredSignOuts = await deps.db
    .delete(endedSessions)
    .where(lt(endedSessions.expiresAt, now))
    .returning({ nonce: endedSessions.nonce });
  const report = {
    reconcile,
    testsDecided,
    dispatch,
    expiredIdempotencyRecords: expiredIdempotency.length,
    expiredRateLimitWindows: expiredWindows.length,
    expiredSignOuts: expiredSignOuts.length,
    forgottenEventKeys: await forgetProviderEventKeys(deps.db, now),
    truncatedTrackingDetails: await truncateTrackingDetails(deps, now),
  };
  deps.log.debug('due work done', { ...report.dispatch, ...report.reconcile });
  return report;
}
