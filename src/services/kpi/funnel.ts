import { campaignNames } from '../../db/queries/campaigns.js';
import { conversionCounts } from '../../db/queries/funnel.js';
import { type RollupKey, reached, sumRollups } from '../../db/queries/rollups.js';
import type { Deps } from '../../deps.js';
import { type Interval, wilsonInterval } from '../../stats/index.js';
import { monthDays } from './pace.js';

export const FUNNEL_DIMENSIONS = ['campaign', 'variant', 'leadSource', 'month'] as const;
export type FunnelDimension = (typeof FUNNEL_DIMENSIONS)[number];

const ROLLUP_KEY: Record<FunnelDimension, RollupKey[]> = {
  campaign: ['campaignId'],
  variant: ['campaignId', 'variantId'],
  leadSource: ['leadSource'],
  month: ['month'],
};

export interface Step {
  rate: number | null;
  ci: Interval | null;
}

export interface FunnelRow {
  key: Record<string, string>;
  /** Messages. */
  delivered: number;
  humanOpens: number;
  humanClicks: number;
  /** Contacts. */
  meetings: number;
  won: number;
  wonAmount: number;
  rates: { open: Step; click: Step; meeting: Step; win: Step };
}

const step = (successes: number, trials: number): Step => {
  const capped = Math.min(successes, trials);
  return { rate: trials === 0 ? null : capped / trials, ci: wilsonInterval({ successes: capped, trials }) };
};

/**
 * The nurture funnel — delivered → human open → click → meeting → won — by campaign, variant, lead source or
 * month, each step's rate over the one before with its Wilson interval. Messages come from the rollups,
 * meetings and wins (distinct contacts) from the conversions credited by the attribution window.
 */
export async function kpiFunnel({
  deps,
  workspaceId,
  query,
}: {
  deps: Deps;
  workspaceId: string;
  query: { dimension: FunnelDimension; from?: string | undefined; to?: string | undefined };
}): Promise<FunnelRow[]> {
  const keys = ROLLUP_KEY[query.dimension];
  const messages = await sumRollups(deps.analyticsDb, workspaceId, keys, { from: query.from, to: query.to });
  const conversions = await conversionCounts(deps.analyticsDb, workspaceId, query.dimension, query);
  const keyOf = (row: { [k: string]: unknown }) =>
    query.dimension === 'variant'
      ? `${row.campaignId}/${row.variantId}`
      : String(row[keys[0] ?? 'campaignId'] ?? '');
  const rows = new Map<string, FunnelRow>();
  const rowFor = (key: string, label: Record<string, string>) => {
    let row = rows.get(key);
    if (!row) {
      row = {
        key: label,
        delivered: 0,
        humanOpens: 0,
        humanClicks: 0,
        meetings: 0,
        won: 0,
        wonAmount: 0,
        rates: {} as FunnelRow['rates'],
      };
      rows.set(key, row);
    }
    return row;
  };
  for (const m of messages) {
    const label = Object.fromEntries(keys.map((k) => [k, String(m[k] ?? '')]));
    const row = rowFor(keyOf({ ...m }), label);
    row.delivered += reached(m);
    row.humanOpens += m.humanOpens;
    row.humanClicks += m.humanClicks;
  }
  for (const c of conversions) {
    const [campaignId, variantId] = c.key.split('/');
    const label =
      query.dimension === 'variant'
        ? { campaignId: campaignId ?? '', variantId: variantId ?? '' }
        : { [keys[0] ?? 'key']: c.key };
    const row = rowFor(c.key, label);
    row.meetings += c.meetings;
    row.won += c.won;
    row.wonAmount += Number(c.won_amount ?? 0);
  }
  return [...rows.values()].map((row) => ({
    ...row,
    rates: {
      open: step(row.humanOpens, row.delivered),
      click: step(row.humanClicks, row.humanOpens),
      meeting: step(row.meetings, row.humanOpens),
      win: step(row.won, row.meetings),
    },
  }));
}

/** A month's funnel by lead source and by campaign (named), for the dashboard's KPI page. */
export async function monthFunnels({
  deps,
  workspaceId,
  month,
}: {
  deps: Deps;
  workspaceId: string;
  month: string;
}): Promise<{ leadSource: FunnelRow[]; campaign: (FunnelRow & { name: string })[] }> {
  const days = monthDays(month);
  const range = { from: days[0], to: days.at(-1) };
  const [leadSource, campaign] = await Promise.all([
    kpiFunnel({ deps, workspaceId, query: { dimension: 'leadSource', ...range } }),
    kpiFunnel({ deps, workspaceId, query: { dimension: 'campaign', ...range } }),
  ]);
  const names = new Map(
    (
      await campaignNames(
        deps.analyticsDb,
        workspaceId,
        campaign.map((r) => r.key.campaignId ?? '').filter((id) => /^[0-9a-f-]{36}$/.test(id)),
      )
    ).map((c) => [c.id, c.name]),
  );
  return {
    leadSource,
    campaign: campaign
      .map((row) => ({ ...row, name: names.get(row.key.campaignId ?? '') ?? '—' }))
      .sort((a, b) => b.delivered - a.delivered),
  };
}
