import { sql } from 'drizzle-orm';
import type { SendArm } from '../../services/send-times/slot-policy.js';
import { type Db, queryRows } from '../client.js';

/** One campaign arm's messages: sent long enough ago to count, those of them opened in time, those still young. */
export interface ArmCountRow {
  campaign_id: string;
  name: string;
  arm: SendArm;
  complete: number;
  opened: number;
  pending: number;
}

/**
 * Per campaign and send arm, of the messages whose send time Kaifu chose: how many were sent at least `hours`
 * before `now` (complete), how many of those a person opened within `hours` of sending, and how many were sent
 * more recently (pending: their outcome is not known yet, so they are not counted). Optionally one list's
 * campaigns, optionally one campaign.
 */
export async function armCounts(
  db: Db,
  workspaceId: string,
  filter: { listId?: string | null; campaignId?: string },
  hours: number,
  now: Date,
): Promise<ArmCountRow[]> {
  const cutoff = new Date(now.getTime() - hours * 3_600_000).toISOString();
  const window = `${hours} hours`;
  return queryRows<ArmCountRow>(
    db,
    sql`select m.campaign_id, c.name, m.send_arm as arm,
          count(*) filter (where m.sent_at <= ${cutoff}::timestamptz)::int as complete,
          count(*) filter (where m.sent_at <= ${cutoff}::timestamptz
            and m.first_human_open_at <= m.sent_at + ${window}::interval)::int as opened,
          count(*) filter (where m.sent_at > ${cutoff}::timestamptz)::int as pending
        from messages m
        join campaigns c on c.workspace_id = m.workspace_id and c.id = m.campaign_id
        where m.workspace_id = ${workspaceId} and m.send_arm is not null and m.sent_at is not null
          ${filter.listId ? sql`and c.list_id = ${filter.listId}` : sql``}
          ${filter.campaignId ? sql`and m.campaign_id = ${filter.campaignId}` : sql``}
        group by 1, 2, 3
        order by min(m.sent_at), 1, 3`,
  );
}

/** The local weekday × hour slots a campaign's explorers were (or are to be) sent at, with how many each. */
export async function exploredSlots(
  db: Db,
  workspaceId: string,
  campaignId: string,
): Promise<{ weekday: number; hour: number; sends: number }[]> {
  return queryRows(
    db,
    sql`select extract(dow from scheduled_at at time zone timezone)::int as weekday,
          extract(hour from scheduled_at at time zone timezone)::int as hour, count(*)::int as sends
        from messages
        where workspace_id = ${workspaceId} and campaign_id = ${campaignId} and send_arm = 'explore'
          and status <> 'cancelled'
        group by 1, 2
        order by 3 desc, 1, 2`,
  );
}
