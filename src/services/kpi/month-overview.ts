import { reached, sumRollups } from '../../db/queries/rollups.js';
import type { Deps } from '../../deps.js';
import type { Lang } from '../../lib/lang.js';
import { type KpiPlan, kpiPlan, wonByBusinessDay } from './plan.js';

export interface MonthOverview {
  humanOpenRate: number | null;
  machineOpenRate: number | null;
  clickRate: number | null;
  plan: KpiPlan;
  /** Won deals by business day of the month, cumulative. */
  daily: { date: string; won: number }[];
}

/** This month at a glance: its human open, machine-only open and human click rates, and the plan with its pace. */
export async function monthOverview({
  deps,
  workspaceId,
  lang,
}: {
  deps: Deps;
  workspaceId: string;
  lang: Lang;
}): Promise<MonthOverview> {
  const plan = await kpiPlan({ deps, workspaceId, asked: undefined, lang });
  const [totals] = await sumRollups(deps.analyticsDb, workspaceId, [], { from: `${plan.month}-01` });
  const trials = totals ? reached(totals) : 0;
  const rate = (n: number | undefined) => (trials > 0 ? (n ?? 0) / trials : null);
  return {
    humanOpenRate: rate(totals?.humanOpens),
    machineOpenRate: rate(totals?.machineOpens),
    clickRate: rate(totals?.humanClicks),
    plan,
    daily: await wonByBusinessDay({ deps, workspaceId, month: plan.month, timezone: plan.timezone }),
  };
}
