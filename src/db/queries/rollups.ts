/**
 * Rollups: the counts behind every open-rate report, the weekday × hour heatmap and the A/B decisions, read
 * here and never computed from the messages at request time.
 *
 * Nothing in the code writes them. The statement trigger `messages_rollup` (AFTER UPDATE ON messages, FOR EACH
 * STATEMENT) runs `kaifu_rollup_messages()`, which takes each changed sent message out of its cell as it was
 * (old row, sign -1) and puts it back as it is (new row, +1) — in the same transaction as the write, so a report
 * never sees a message half counted. A cell is (campaign, variant, local send date, local weekday, local hour,
 * lead source). The trigger is created in migrations/0007_rollups.sql; its current function body, keyed by the
 * recipient's local send date, is in migrations/0014_rollups_local_date.sql.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Db, queryRows } from '../client.js';

/** Message counts of one cell, as the rollups keep them (DESIGN.md's counting rule). */
export interface MessageCounts {
  sends: number;
  delivered: number;
  opens: number;
  humanOpens: number;
  machineOpens: number;
  clicks: number;
  humanClicks: number;
  botClicks: number;
}

export const COUNT_COLUMNS = {
  sends: 'sends',
  delivered: 'delivered',
  opens: 'opens',
  humanOpens: 'human_opens',
  machineOpens: 'machine_opens',
  clicks: 'clicks',
  humanClicks: 'human_clicks',
  botClicks: 'bot_clicks',
} as const satisfies Record<keyof MessageCounts, string>;

const COUNT_NAMES = Object.keys(COUNT_COLUMNS) as (keyof MessageCounts)[];

export const NO_COUNTS: MessageCounts = Object.fromEntries(
  COUNT_NAMES.map((k) => [k, 0]),
) as unknown as MessageCounts;

/** A summed row's counts (none for a cell with no row). */
export const countsOf = (row: Partial<MessageCounts> | undefined): MessageCounts =>
  Object.fromEntries(COUNT_NAMES.map((k) => [k, Number(row?.[k] ?? 0)])) as unknown as MessageCounts;

export const addCounts = (a: MessageCounts, b: MessageCounts): MessageCounts =>
  Object.fromEntries(COUNT_NAMES.map((k) => [k, a[k] + b[k]])) as unknown as MessageCounts;

/**
 * Mail that reached the inbox as far as we know, for a total: delivered where SendGrid reported deliveries,
 * else sent (a workspace without the Event Webhook still gets rates).
 */
export const reached = (c: MessageCounts): number => (c.delivered > 0 ? c.delivered : c.sends);

/**
 * The denominator for rates compared side by side: delivered for every cell when any cell has delivery data,
 * else sends — never a mix, which would compare delivered-based rates with sent-based ones.
 */
export const denominatorOf = (counts: MessageCounts[]): 'delivered' | 'sends' =>
  counts.some((c) => c.delivered > 0) ? 'delivered' : 'sends';

/** What a cell can be keyed by. */
export const ROLLUP_KEYS = {
  campaignId: 'r.campaign_id',
  variantId: 'r.variant_id',
  weekday: 'r.local_weekday',
  hour: 'r.local_hour',
  leadSource: 'r.lead_source',
  month: "to_char(r.sent_on, 'YYYY-MM')",
} as const;
export type RollupKey = keyof typeof ROLLUP_KEYS;

export interface RollupFilters {
  campaignId?: string | undefined;
  listId?: string | undefined;
  leadSource?: string | undefined;
  /** Send dates in each recipient's own zone (as weekday and hour are), inclusive, YYYY-MM-DD. */
  from?: string | undefined;
  to?: string | undefined;
}

export type RollupRow = MessageCounts & Partial<Record<RollupKey, string | number>>;

/**
 * Sums the rollups of one workspace by the given keys: the cells are small and few (campaign × variant × day ×
 * weekday × hour × lead source), so this never reads a message.
 */
export async function sumRollups(
  db: Db,
  workspaceId: string,
  keys: RollupKey[],
  filters: RollupFilters,
): Promise<RollupRow[]> {
  const select = keys.map((k) => sql`${sql.raw(ROLLUP_KEYS[k])} as ${sql.identifier(k)}`);
  const sums = Object.entries(COUNT_COLUMNS).map(
    ([name, column]) => sql`sum(r.${sql.identifier(column)})::int as ${sql.identifier(name)}`,
  );
  const where: SQL[] = [sql`r.workspace_id = ${workspaceId}`];
  if (filters.campaignId) where.push(sql`r.campaign_id = ${filters.campaignId}`);
  if (filters.leadSource) where.push(sql`r.lead_source = ${filters.leadSource}`);
  if (filters.from) where.push(sql`r.sent_on >= ${filters.from}::date`);
  if (filters.to) where.push(sql`r.sent_on <= ${filters.to}::date`);
  if (filters.listId) {
    where.push(
      sql`r.campaign_id in (select id from campaigns where workspace_id = ${workspaceId} and list_id = ${filters.listId})`,
    );
  }
  return queryRows<RollupRow>(
    db,
    sql`select ${sql.join([...select, ...sums], sql`, `)}
        from rollups r
        where ${sql.join(where, sql` and `)}
        ${
          keys.length > 0
            ? sql`group by ${sql.join(
                keys.map((k) => sql.raw(ROLLUP_KEYS[k])),
                sql`, `,
              )}`
            : sql``
        }
        ${
          keys.length > 0
            ? sql`order by ${sql.join(
                keys.map((k) => sql.raw(ROLLUP_KEYS[k])),
                sql`, `,
              )}`
            : sql``
        }`,
  );
}

/** One campaign's counts per variant id. */
export async function countsByVariant(
  db: Db,
  workspaceId: string,
  campaignId: string,
): Promise<(variantId: string) => MessageCounts> {
  const rows = await sumRollups(db, workspaceId, ['variantId'], { campaignId });
  return (variantId) => countsOf(rows.find((r) => r.variantId === variantId));
}
