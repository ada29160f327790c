import {
  engagedLeadsBySource,
  findKpiTargets,
  upsertKpiTargets,
  wonByLocalDay,
} from '../../db/queries/funnel.js';
import { reached, sumRollups } from '../../db/queries/rollups.js';
import { findWorkspace } from '../../db/queries/workspaces.js';
import type { Deps } from '../../deps.js';
import type { Lang } from '../../lib/lang.js';
import { localDate } from '../../lib/time-zones.js';
import { KPI_TEXT } from '../../text/index.js';
import { kpiFunnel } from './funnel.js';
import { isBusinessDay, monthDays, paceOf, shiftMonth } from './pace.js';

/** The rate the field assumes when there is no history and no default set: one in ten. */
export const FALLBACK_RATE = 0.1;
/** History must hold at least this many of the step's trials before its rate replaces the default. */
const MIN_HISTORY = 30;
const HISTORY_MONTHS = 3;
const SOURCES = ['inbound', 'outbound'] as const;

export interface Targets {
  wonTarget: number | null;
  openRateTarget: number | null;
  defaultMeetingRate: number | null;
  defaultWinRate: number | null;
}

export interface RateUsed {
  rate: number;
  basis: 'history' | 'default' | 'fallback';
  /** What the rate was judged on: the step's successes and trials over the last `months` months. */
  history: { successes: number; trials: number; months: number };
  /** The same in a sentence, in the reader's language. */
  reason: string;
}

/** The funnel's two steps whose rates are planned with: meeting → won, engaged lead → meeting. */
export type Step = 'win' | 'meeting';

export interface SourcePlan {
  leadSource: (typeof SOURCES)[number];
  wonTarget: number;
  winRate: RateUsed;
  meetingRate: RateUsed;
  meetingsNeeded: number;
  engagedLeadsNeeded: number;
  actual: { won: number; meetings: number; engagedLeads: number };
  pace: { expectedWon: number; status: 'on_track' | 'behind'; gap: number };
}

export interface KpiPlan {
  month: string;
  timezone: string;
  targets: Targets | null;
  pace: { businessDays: number; elapsed: number; share: number };
  sources: SourcePlan[];
  total: {
    wonTarget: number;
    meetingsNeeded: number;
    engagedLeadsNeeded: number;
    won: number;
    meetings: number;
  };
  openRate: { actual: number | null; target: number | null; status: 'on_track' | 'behind' | null };
  notes: string[];
}

/** A step's rate from history when there is enough of it, else the month's default, else one in ten. */
export function rateFor(
  step: Step,
  successes: number,
  trials: number,
  fallback: number | null,
  lang: Lang = 'en',
): RateUsed {
  const text = KPI_TEXT[lang];
  const history = { successes, trials, months: HISTORY_MONTHS };
  const seen = text.seen(step, successes, trials, HISTORY_MONTHS);
  if (trials >= MIN_HISTORY && successes > 0)
    return { rate: successes / trials, basis: 'history', history, reason: seen };
  if (fallback !== null) return { rate: fallback, basis: 'default', history, reason: text.byDefault(seen) };
  return { rate: FALLBACK_RATE, basis: 'fallback', history, reason: text.assumed(seen) };
}

/**
 * The month planned backwards, inbound and outbound apart: meetings needed = won target ÷ win rate, engaged
 * leads needed = meetings needed ÷ meeting rate, each rate from the last three months (or the default, or 10%)
 * with the reason; actuals to date and pace by business days in the workspace's zone.
 */
export async function kpiPlan({
  deps,
  workspaceId,
  asked,
  lang = 'en',
}: {
  deps: Deps;
  workspaceId: string;
  asked: string | undefined;
  lang?: Lang;
}): Promise<KpiPlan> {
  const workspace = await findWorkspace(deps.analyticsDb, workspaceId);
  const timezone = workspace?.defaultTimezone ?? 'UTC';
  // No month asked: the one it is now in the workspace's zone, what "this month" means to its team.
  const month = asked ?? localDate(deps.clock.now(), timezone).slice(0, 7);
  const row = await findKpiTargets(deps.analyticsDb, workspaceId, month);
  const targets: Targets | null = row
    ? {
        wonTarget: row.wonTarget,
        openRateTarget: row.openRateTarget,
        defaultMeetingRate: row.defaultMeetingRate,
        defaultWinRate: row.defaultWinRate,
      }
    : null;
  const days = monthDays(month);
  const history = {
    from: `${shiftMonth(month, -HISTORY_MONTHS)}-01`,
    to: monthDays(shiftMonth(month, -1)).at(-1),
  };
  const current = { from: days[0], to: days.at(-1) };
  const [past, now] = await Promise.all([
    kpiFunnel({ deps, workspaceId, query: { dimension: 'leadSource', ...history } }),
    kpiFunnel({ deps, workspaceId, query: { dimension: 'leadSource', ...current } }),
  ]);
  const [pastEngaged, nowEngaged] = await Promise.all([
    engagedLeads(deps, workspaceId, timezone, history),
    engagedLeads(deps, workspaceId, timezone, current),
  ]);
  const of = (rows: typeof past, source: string) => rows.find((r) => r.key.leadSource === source);
  const todayDate = localDate(deps.clock.now(), timezone);
  const pace = paceOf(month, todayDate);

  const wonTarget = targets?.wonTarget ?? 0;
  const pastWon = SOURCES.map((s) => of(past, s)?.won ?? 0);
  const totalPastWon = pastWon.reduce((a, b) => a + b, 0);
  const notes: string[] = [];
  if (!targets?.wonTarget) notes.push(KPI_TEXT[lang].noTarget(month));
  if (totalPastWon === 0 && wonTarget > 0) notes.push(KPI_TEXT[lang].evenSplit);
  const sources = SOURCES.map((leadSource, i): SourcePlan => {
    const h = of(past, leadSource);
    const share = totalPastWon > 0 ? (pastWon[i] ?? 0) / totalPastWon : 1 / SOURCES.length;
    const sourceTarget = wonTarget * share;
    const winRate = rateFor('win', h?.won ?? 0, h?.meetings ?? 0, targets?.defaultWinRate ?? null, lang);
    const meetingRate = rateFor(
      'meeting',
      h?.meetings ?? 0,
      pastEngaged.get(leadSource) ?? 0,
      targets?.defaultMeetingRate ?? null,
      lang,
    );
    const meetingsNeeded = Math.ceil(sourceTarget / winRate.rate);
    const actual = {
      won: of(now, leadSource)?.won ?? 0,
      meetings: of(now, leadSource)?.meetings ?? 0,
      engagedLeads: nowEngaged.get(leadSource) ?? 0,
    };
    const expectedWon = sourceTarget * pace.share;
    return {
      leadSource,
      wonTarget: Math.round(sourceTarget * 100) / 100,
      winRate,
      meetingRate,
      meetingsNeeded,
      engagedLeadsNeeded: Math.ceil(meetingsNeeded / meetingRate.rate),
      actual,
      pace: {
        expectedWon,
        status: actual.won >= expectedWon ? 'on_track' : 'behind',
        gap: actual.won - expectedWon,
      },
    };
  });
  const messages = await sumRollups(deps.analyticsDb, workspaceId, [], current);
  const delivered = messages[0] ? reached(messages[0]) : 0;
  const openRate = delivered > 0 ? (messages[0]?.humanOpens ?? 0) / delivered : null;
  const openTarget = targets?.openRateTarget ?? null;
  return {
    month,
    timezone,
    targets,
    pace,
    sources,
    total: {
      wonTarget,
      meetingsNeeded: sources.reduce((s, p) => s + p.meetingsNeeded, 0),
      engagedLeadsNeeded: sources.reduce((s, p) => s + p.engagedLeadsNeeded, 0),
      // Every lead, including those with no lead source, which the per-source plans leave out.
      won: now.reduce((s, r) => s + r.won, 0),
      meetings: now.reduce((s, r) => s + r.meetings, 0),
    },
    openRate: {
      actual: openRate,
      target: openTarget,
      status:
        openRate === null || openTarget === null ? null : openRate >= openTarget ? 'on_track' : 'behind',
    },
    notes,
  };
}

/** Sets a month's targets (whole: what is left out is cleared). */
export async function setTargets({
  deps,
  workspaceId,
  month,
  input,
}: {
  deps: Deps;
  workspaceId: string;
  month: string;
  input: Targets;
}): Promise<Targets> {
  await upsertKpiTargets(deps.db, workspaceId, month, input);
  return input;
}

/** Leads (distinct contacts) a person engaged with — a human open or click — by lead source, in a date range. */
async function engagedLeads(
  deps: Deps,
  workspaceId: string,
  timezone: string,
  range: { from?: string | undefined; to?: string | undefined },
): Promise<Map<string, number>> {
  const rows = await engagedLeadsBySource(deps.analyticsDb, workspaceId, timezone, range);
  return new Map(rows.map((r) => [r.lead_source, r.n]));
}

/** Won deals (distinct contacts) so far this month, cumulative by business day in the workspace's zone. */
export async function wonByBusinessDay({
  deps,
  workspaceId,
  month,
  timezone,
}: {
  deps: Deps;
  workspaceId: string;
  month: string;
  timezone: string;
}): Promise<{ date: string; won: number }[]> {
  const rows = await wonByLocalDay(deps.analyticsDb, workspaceId, month, timezone);
  const todayDate = localDate(deps.clock.now(), timezone);
  let total = 0;
  return monthDays(month)
    .filter((d) => d <= todayDate)
    .map((date) => {
      total += rows.find((r) => r.day === date)?.won ?? 0;
      return { date, won: total };
    })
    .filter((d) => isBusinessDay(d.date));
}
