import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { FunnelDimension } from '../../services/kpi/funnel.js';
import type { Targets } from '../../services/kpi/plan.js';
import { type Db, queryRows } from '../client.js';
import { kpiTargets } from '../schema/index.js';

/**
 * The KPI funnel's contact side — meetings, wins and engaged leads, counted as distinct contacts — and the
 * monthly targets it is planned against. The message side comes from the rollups (sumRollups).
 */

/** Local dates (YYYY-MM-DD, inclusive); a bound left out does not narrow. */
export interface DateRange {
  from?: string | undefined;
  to?: string | undefined;
}

/** A funnel group's meetings and won deals (distinct contacts) and the won deals' total amount. */
export interface ConversionCounts {
  key: string;
  meetings: number;
  won: number;
  won_amount: string | number | null;
}

// The group a conversion falls in, like the message side's: a variant is `campaign/variant`.
const CONVERSION_KEY: Record<FunnelDimension, SQL> = {
  campaign: sql`coalesce(v.campaign_id::text, 'unattributed')`,
  variant: sql`coalesce(v.campaign_id::text, 'unattributed') || '/' || coalesce(m.variant_id::text, '')`,
  leadSource: sql`coalesce(c.lead_source, 'unknown')`,
  month: sql`to_char(v.occurred_at at time zone w.default_timezone, 'YYYY-MM')`,
};

/**
 * The workspace's meetings and won deals (distinct contacts) grouped by the dimension, conversions dated in the
 * workspace's zone within the range.
 */
export async function conversionCounts(
  db: Db,
  workspaceId: string,
  dimension: FunnelDimension,
  range: DateRange,
): Promise<ConversionCounts[]> {
  return queryRows<ConversionCounts>(
    db,
    sql`select ${CONVERSION_KEY[dimension]} as key,
               count(distinct v.contact_id) filter (where v.type = 'meeting')::int as meetings,
               count(distinct v.contact_id) filter (where v.type = 'won')::int as won,
               coalesce(sum(v.amount) filter (where v.type = 'won'), 0) as won_amount
        from conversions v
        join workspaces w on w.id = v.workspace_id
        left join contacts c on c.workspace_id = v.workspace_id and c.id = v.contact_id
        left join messages m on m.workspace_id = v.workspace_id and m.campaign_id = v.campaign_id
          and m.contact_id = v.contact_id
        where v.workspace_id = ${workspaceId}
          ${range.from ? sql`and (v.occurred_at at time zone w.default_timezone)::date >= ${range.from}::date` : sql``}
          ${range.to ? sql`and (v.occurred_at at time zone w.default_timezone)::date <= ${range.to}::date` : sql``}
        group by 1`,
  );
}

/**
 * Leads (distinct contacts) with a human open dated (in `timezone`) within the range, by lead source ('unknown'
 * for none). Both bounds are needed: a missing one matches nothing.
 */
export async function engagedLeadsBySource(
  db: Db,
  workspaceId: string,
  timezone: string,
  range: DateRange,
): Promise<{ lead_source: string; n: number }[]> {
  return queryRows<{ lead_source: string; n: number }>(
    db,
    sql`select coalesce(lead_source, 'unknown') as lead_source, count(distinct contact_id)::int as n
        from messages
        where workspace_id = ${workspaceId} and first_human_open_at is not null
          and (first_human_open_at at time zone ${timezone})::date between ${range.from}::date and ${range.to}::date
        group by 1`,
  );
}

/** Won deals (distinct contacts) per local day (YYYY-MM-DD, in `timezone`) of the month; a day with none has no row. */
export async function wonByLocalDay(
  db: Db,
  workspaceId: string,
  month: string,
  timezone: string,
): Promise<{ day: string; won: number }[]> {
  return queryRows<{ day: string; won: number }>(
    db,
    sql`select to_char(occurred_at at time zone ${timezone}, 'YYYY-MM-DD') as day, count(distinct contact_id)::int as won
        from conversions
        where workspace_id = ${workspaceId} and type = 'won'
          and to_char(occurred_at at time zone ${timezone}, 'YYYY-MM') = ${month}
        group by 1`,
  );
}

/** The workspace's targets for a month (YYYY-MM), if any were set. */
export async function findKpiTargets(
  db: Db,
  workspaceId: string,
  month: string,
): Promise<typeof kpiTargets.$inferSelect | undefined> {
  const [row] = await db
    .select()
    .from(kpiTargets)
    .where(and(eq(kpiTargets.workspaceId, workspaceId), eq(kpiTargets.month, month)));
  return row;
}

/** Stores the month's targets whole, over any set before. */
export async function upsertKpiTargets(
  db: Db,
  workspaceId: string,
  month: string,
  input: Targets,
): Promise<void> {
  await db.execute(sql`
    insert into kpi_targets (workspace_id, month, won_target, open_rate_target, default_meeting_rate, default_win_rate)
    values (${workspaceId}, ${month}, ${input.wonTarget}, ${input.openRateTarget}, ${input.defaultMeetingRate}, ${input.defaultWinRate})
    on conflict (workspace_id, month) do update set won_target = excluded.won_target,
      open_rate_target = excluded.open_rate_target, default_meeting_rate = excluded.default_meeting_rate,
      default_win_rate = excluded.default_win_rate`);
}
