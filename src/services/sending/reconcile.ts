import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { markSent } from '../../db/queries/messages.js';
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
export async function reconcileSending(deps: Deps, now: Date): Promise<ReconcileReport> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const windowStart = sql`${new Date(now.getTime() - UNCERTAIN_WINDOW_MS).toISOString()}::timestamptz`;
  const expired = await queryRows<{ id: string }>(
    deps.db,
    sql`update messages set status = 'uncertain', lease_until = lease_until - ${LEASE_MS}::int * interval '1 millisecond',
          last_error = 'dispatcher stopped while the request was in flight'
        where status = 'sending' and lease_until < ${at}
        returning id`,
  );
  const settled = await queryRows<{ id: string }>(
    deps.db,
    sql`update messages m set ${markSent(sql`s.sent_at`)}, lease_until = null, last_error = null
        from (select batch_id, min(sent_at) as sent_at from messages
              where status = 'sent' and batch_id in (select batch_id from messages where status = 'uncertain')
              group by batch_id) s
        where m.status = 'uncertain' and m.batch_id = s.batch_id
        returning m.id`,
  );
  const [unsettled] = await queryRows<{ n: number }>(
    deps.db,
    sql`select count(*)::int as n from messages where status = 'uncertain' and lease_until < ${windowStart}`,
  );
  const completed = await queryRows<{ id: string }>(
    deps.db,
    sql`update campaigns c set status = 'sent', completed_at = ${at}, updated_at = ${at}
        where c.status = 'sending' and not exists (
          select 1 from messages m where m.workspace_id = c.workspace_id and m.campaign_id = c.id
            and (m.status in ('scheduled', 'sending', 'held')
                 or (m.status = 'uncertain' and m.lease_until >= ${windowStart})))
        returning c.id`,
  );
  return {
    expiredLeases: expired.length,
    settledBySiblings: settled.length,
    unsettled: unsettled?.n ?? 0,
    campaignsCompleted: completed.length,
  };
}
