import {
  completeFinishedCampaigns,
  countUnsettled,
  expireLeases,
  settleUncertainBySiblings,
} from '../../db/queries/uncertain.js';
import type { Deps } from '../../deps.js';
import { LEASE_MS } from './dispatch-due.js';

/**
 * How long an uncertain batch waits for SendGrid's events to settle it: SendGrid retries its Event Webhook for
 * 24 hours. After that its campaign completes without it; the operator may still decide.
 */
export const UNCERTAIN_WINDOW_MS = 24 * 3_600_000;

export interface ReconcileReport {
  expiredLeases: number;
  settledBySiblings: number;
  /** Uncertain messages past the window: never sent again by Kaifu, left to the operator. */
  unsettled: number;
  campaignsCompleted: number;
}

/**
 * Crash safety, at most once. A claim whose lease ran out (the dispatcher died mid-request) becomes uncertain,
 * dated from its claim. SendGrid takes or refuses a request whole, so one processed/delivered event for any
 * message of an uncertain batch proves the batch went out: the rest are settled as sent. Nothing uncertain is
 * ever sent again on a timer — a request SendGrid took but never answered would mail its recipients twice. After
 * UNCERTAIN_WINDOW_MS the campaign completes with its uncertain count shown; POST /v1/campaigns/{id}/uncertain
 * lets the operator mark them sent, send them again, or drop them.
 */
export async function reconcileSending({ deps, now }: { deps: Deps; now: Date }): Promise<ReconcileReport> {
  const windowStart = new Date(now.getTime() - UNCERTAIN_WINDOW_MS);
  const expiredLeases = await expireLeases(deps.db, now, LEASE_MS);
  const settledBySiblings = await settleUncertainBySiblings(deps.db);
  const unsettled = await countUnsettled(deps.db, windowStart);
  const campaignsCompleted = await completeFinishedCampaigns(deps.db, now, windowStart);
  return { expiredLeases, settledBySiblings, unsettled, campaignsCompleted };
}
