import {
  deleteExpiredIdempotencyRecords,
  deleteExpiredSignOuts,
  deleteRateLimitWindowsBefore,
} from '../db/queries/expiry.js';
import { forgetProviderEventKeys } from '../db/queries/provider-events.js';
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
export async function runDueWork({
  deps,
  now,
  budgetMs,
}: {
  deps: Deps;
  now: Date;
  budgetMs?: number;
}): Promise<DueWorkReport> {
  const reconcile = await reconcileSending({ deps, now });
  // Before dispatching: a decided test's held recipients may be due at once.
  const testsDecided = await decideDueTests({ deps, now });
  const dispatch = await dispatchDue({ deps, budgetMs });
  const expiredIdempotencyRecords = await deleteExpiredIdempotencyRecords(deps.db, now);
  // Windows are a minute long; keep a few for the operator to look at.
  const windowCutoff = new Date(now.getTime() - 10 * 60_000);
  const expiredRateLimitWindows = await deleteRateLimitWindowsBefore(deps.db, windowCutoff);
  const expiredSignOuts = await deleteExpiredSignOuts(deps.db, now);
  const report = {
    reconcile,
    testsDecided,
    dispatch,
    expiredIdempotencyRecords,
    expiredRateLimitWindows,
    expiredSignOuts,
    forgottenEventKeys: await forgetProviderEventKeys(deps.db, now),
    truncatedTrackingDetails: await truncateTrackingDetails({ deps, now }),
  };
  deps.log.debug('due work done', { ...report.dispatch, ...report.reconcile });
  return report;
}
