import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import type { Deps } from '../../deps.js';

/** How long an uncertain batch waits for SendGrid's processed/delivered events before it is sent again. */
export const UNCERTAIN_GRACE_MS = 15 * 60_000;

export interface ReconcileReport {
  expiredLeases: number;
  settledBySiblings: number;
  resent: number;
  heldForOperator: number;
  campaignsCompleted: number;
}

/**
 * Crash safety. A claim whose lease ran out (the dispatcher died mid-request) becomes uncertain. SendGrid takes
 * or refuses a request whole, so one processed/delivered event for any message of an uncertain batch proves the
 * batch went out: the rest are settled as sent. With no event after the grace period it is sent again — unless
 * the workspace has no webhook configured, when no event could ever come: then it waits for the operator.
 */
export async function reconcileSending(deps: Deps, now: Date): Promise<ReconcileReport> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const graceEnd = sql`${new Date(now.getTime() - UNCERTAIN_GRACE_MS).toISOString()}::timestamptz`;
  const expired = await queryRows<{ id: string }>(
    deps.db,
    sql`update messages set status = 'uncertain', last_error = 'dispatcher stopped while the request was in flight'
        where status = 'sending' and lease_until < ${at}
        returning id`,
  );
  const settled = await queryRows<{ id: string }>(
    deps.db,
    sql`update messages m set status = 'sent', sent_at = s.sent_at, lease_until = null, last_error = null,
          local_weekday = extract(dow from s.sent_at at time zone m.timezone)::smallint,
          local_hour = extract(hour from s.sent_at at time zone m.timezone)::smallint
        from (select batch_id, min(sent_at) as sent_at from messages
              where status = 'sent' and batch_id in (select batch_id from messages where status = 'uncertain')
              group by batch_id) s
        where m.status = 'uncertain' and m.batch_id = s.batch_id
        returning m.id`,
  );
  const resent = await queryRows<{ id: string }>(
    deps.db,
    sql`update messages m set status = 'scheduled', due_at = ${at}, batch_id = null, lease_until = null,
          last_error = 'no SendGrid event within the grace period: sending again'
        from workspaces w
        where m.status = 'uncertain' and m.lease_until < ${graceEnd}
          and w.id = m.workspace_id and jsonb_array_length(w.sendgrid_webhook_keys) > 0
        returning m.id`,
  );
  const [held] = await queryRows<{ n: number }>(
    deps.db,
    sql`select count(*)::int as n from messages where status = 'uncertain' and lease_until < ${graceEnd}`,
  );
  const completed = await queryRows<{ id: string }>(
    deps.db,
    sql`update campaigns c set status = 'sent', completed_at = ${at}, updated_at = ${at}
        where c.status = 'sending' and not exists (
          select 1 from messages m where m.workspace_id = c.workspace_id and m.campaign_id = c.id
            and m.status in ('scheduled', 'sending', 'uncertain', 'held'))
        returning c.id`,
  );
  return {
    expiredLeases: expired.length,
    settledBySiblings: settled.length,
    resent: resent.length,
    heldForOperator: held?.n ?? 0,
    campaignsCompleted: completed.length,
  };
}
