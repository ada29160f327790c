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
import { blendRate, probabilityOfReaching, quotientQuantiles } from '../../stats/index.js';
import { KPI_TEXT } from '../../text/index.js';
import { kpiFunnel } from './funnel.js';
import { isBusinessDay, monthDays, type Pace, paceOf, shiftMonth } from './pace.js';

/** The rate the field assumes when no default is set: one in ten. */
export const FALLBACK_RATE = 0.1;
/** Observations a prior rate is worth against history, unless the workspace says otherwise. */
export const DEFAULT_PRIOR_STRENGTH = 20;
const HISTORY_MONTHS = 3;
/** Business days of history the pace's prior is worth against the month's own days. */
const PACE_PRIOR_DAYS = 5;
const SOURCES = ['inbound', 'outbound'] as const;

export interface Targets {
  wonTarget: number | null;
  openRateTarget: number | null;
  defaultMeetingRate: number | null;
  defaultWinRate: number | null;
}

export interface RateUsed {
  /** The rate planned with: history weighed with the prior (the beta-binomial posterior mean). */
  rate: number;
  /** Its central 95% credible interval. */
  interval: { low: number; high: number };
  /** The rate assumed before history: the month's default, else 10%, worth `strength` trials. */
  prior: { rate: number; basis: 'default' | 'assumed'; strength: number };
  /** What history holds: the step's successes and trials over the last `months` months. */
  history: { successes: number; trials: number; months: number };
  /** trials ÷ (trials + strength): how much of the rate is history's. */
  historyWeight: number;
  /** The same in a sentence, in the reader's language. */
  reason: string;
}

/** The funnel's two steps whose rates are planned with: meeting → won, engaged lead → meeting. */
export type Step = 'win' | 'meeting';

/** A figure planned from uncertain rates: its value at the planned rates and its 95% range. */
export interface Planned {
  value: number;
  low: number;
  high: number;
}

export interface Reach {
  /** The probability of reaching the target by the month's end at the pace so far (Gamma–Poisson). */
  probability: number | null;
  /** Wins still needed. */
  needed: number;
  businessDaysLeft: number;
}

export interface SourcePlan {
  leadSource: (typeof SOURCES)[number];
  wonTarget: number;
  winRate: RateUsed;
  meetingRate: RateUsed;
  meetingsNeeded: number;
  engagedLeadsNeeded: number;
  range: { meetingsNeeded: Planned; engagedLeadsNeeded: Planned };
  actual: { won: number; meetings: number; engagedLeads: number };
  pace: { expectedWon: number; status: 'on_track' | 'behind'; gap: number };
  reach: Reach;
}

export interface KpiPlan {
  month: string;
  timezone: string;
  targets: Targets | null;
  pace: { businessDays: number; elapsed: number; share: number };
  /** How the won target is split between inbound and outbound. */
  split: { basis: 'history' | 'even'; wonInHistory: { inbound: number; outbound: number }; reason: string };
  sources: SourcePlan[];
  total: {
    wonTarget: number;
    meetingsNeeded: number;
    engagedLeadsNeeded: number;
    won: number;
    meetings: number;
    reach: Reach;
  };
  openRate: { actual: number | null; target: number | null; status: 'on_track' | 'behind' | null };
  notes: string[];
}

/**
 * A step's rate: history weighed with a prior — the month's default, else 10% — worth `strength` trials (the
 * beta-binomial), so thin history moves the plan a little and ample history decides it; never a switch.
 */
export function rateFor(
  step: Step,
  successes: number,
  trials: number,
  fallback: number | null,
  strength: number = DEFAULT_PRIOR_STRENGTH,
  lang: Lang = 'en',
): RateUsed & { a: number; b: number } {
  const text = KPI_TEXT[lang];
  const prior = {
    rate: fallback ?? FALLBACK_RATE,
    basis: fallback === null ? ('assumed' as const) : ('default' as const),
    strength,
  };
  const blended = blendRate({ successes, trials, priorRate: prior.rate, priorStrength: strength });
  const seen = text.seen(step, successes, trials, HISTORY_MONTHS);
  return {
    rate: blended.rate,
    interval: { low: blended.low, high: blended.high },
    prior,
    history: { successes, trials, months: HISTORY_MONTHS },
    historyWeight: blended.historyWeight,
    reason: text.blended(step, seen, prior, blended),
    a: blended.a,
    b: blended.b,
  };
}

/** The chance of `target` wins by the month's end, the daily rate learned from the month so far and history. */
function reachOf(target: number, won: number, pace: Pace, historyDailyWins: number): Reach {
  const needed = Math.max(0, Math.ceil(target - won - 1e-9));
  const businessDaysLeft = pace.businessDays - pace.elapsed;
  if (target <= 0) return { probability: null, needed, businessDaysLeft };
  const probability = probabilityOfReaching({
    needed,
    days: businessDaysLeft,
    events: won,
    elapsed: pace.elapsed,
    // History's daily rate, worth a week of business days; half a win of shape keeps it proper without any.
    priorShape: 0.5 + PACE_PRIOR_DAYS * historyDailyWins,
    priorDays: PACE_PRIOR_DAYS,
  });
  return { probability, needed, businessDaysLeft };
}

const rounded = (n: number) => Math.round(n * 100) / 100;

/**
 * The month planned backwards, inbound and outbound apart: meetings needed = won target ÷ win rate, engaged
 * leads needed = meetings needed ÷ meeting rate, each rate from the last three months weighed with the month's
 * default (or 10%), with its interval, the plan's 95% range, the chance of reaching the target at the pace so
 * far, actuals to date and pace by business days in the workspace's zone.
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
  const text = KPI_TEXT[lang];
  const workspace = await findWorkspace(deps.analyticsDb, workspaceId);
  const timezone = workspace?.defaultTimezone ?? 'UTC';
  const strength = workspace?.kpiPriorStrength ?? DEFAULT_PRIOR_STRENGTH;
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
  const historyMonths = Array.from({ length: HISTORY_MONTHS }, (_, i) =>
    shiftMonth(month, i - HISTORY_MONTHS),
  );
  const history = {
    from: `${historyMonths[0]}-01`,
    to: monthDays(shiftMonth(month, -1)).at(-1),
  };
  const historyBusinessDays = historyMonths.flatMap(monthDays).filter(isBusinessDay).length;
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
  const shares = SOURCES.map((_, i) =>
    totalPastWon > 0 ? (pastWon[i] ?? 0) / totalPastWon : 1 / SOURCES.length,
  );
  const split: KpiPlan['split'] = {
    basis: totalPastWon > 0 ? 'history' : 'even',
    wonInHistory: { inbound: pastWon[0] ?? 0, outbound: pastWon[1] ?? 0 },
    reason:
      totalPastWon > 0
        ? text.split(wonTarget, rounded(wonTarget * (shares[0] ?? 0)), rounded(wonTarget * (shares[1] ?? 0)))
        : text.evenSplit,
  };
  const notes: string[] = [];
  if (!targets?.wonTarget) notes.push(text.noTarget(month));
  else notes.push(split.reason);

  const sources = SOURCES.map((leadSource, i): SourcePlan => {
    const h = of(past, leadSource);
    const sourceTarget = wonTarget * (shares[i] ?? 0);
    const {
      a: winA,
      b: winB,
      ...winRate
    } = rateFor('win', h?.won ?? 0, h?.meetings ?? 0, targets?.defaultWinRate ?? null, strength, lang);
    const {
      a: meetA,
      b: meetB,
      ...meetingRate
    } = rateFor(
      'meeting',
      h?.meetings ?? 0,
      pastEngaged.get(leadSource) ?? 0,
      targets?.defaultMeetingRate ?? null,
      strength,
      lang,
    );
    const meetingsNeeded = Math.ceil(sourceTarget / winRate.rate);
    const engagedLeadsNeeded = Math.ceil(meetingsNeeded / meetingRate.rate);
    // target ÷ rate is monotone, so its range is the target over the rate's interval; through two uncertain
    // rates, the quantiles of target ÷ (win × meeting).
    const [leadsLow, leadsHigh] =
      sourceTarget > 0
        ? quotientQuantiles(sourceTarget, { a: winA, b: winB }, { a: meetA, b: meetB }, [0.025, 0.975])
        : [0, 0];
    const actual = {
      won: of(now, leadSource)?.won ?? 0,
      meetings: of(now, leadSource)?.meetings ?? 0,
      engagedLeads: nowEngaged.get(leadSource) ?? 0,
    };
    const expectedWon = sourceTarget * pace.share;
    return {
      leadSource,
      wonTarget: rounded(sourceTarget),
      winRate,
      meetingRate,
      meetingsNeeded,
      engagedLeadsNeeded,
      range: {
        meetingsNeeded: {
          value: meetingsNeeded,
          low: Math.ceil(sourceTarget / winRate.interval.high),
          high: Math.ceil(sourceTarget / winRate.interval.low),
        },
        engagedLeadsNeeded: {
          value: engagedLeadsNeeded,
          low: Math.ceil(leadsLow ?? 0),
          high: Math.ceil(leadsHigh ?? 0),
        },
      },
      actual,
      pace: {
        expectedWon,
        status: actual.won >= expectedWon ? 'on_track' : 'behind',
        gap: actual.won - expectedWon,
      },
      reach: reachOf(sourceTarget, actual.won, pace, (pastWon[i] ?? 0) / Math.max(1, historyBusinessDays)),
    };
  });
  const messages = await sumRollups(deps.analyticsDb, workspaceId, [], current);
  const delivered = messages[0] ? reached(messages[0]) : 0;
  const openRate = delivered > 0 ? (messages[0]?.humanOpens ?? 0) / delivered : null;
  const openTarget = targets?.openRateTarget ?? null;
  // Every lead, including those with no lead source, which the per-source plans leave out.
  const totalWon = now.reduce((s, r) => s + r.won, 0);
  const allPastWon = past.reduce((s, r) => s + r.won, 0);
  const totalReach = reachOf(wonTarget, totalWon, pace, allPastWon / Math.max(1, historyBusinessDays));
  if (totalReach.probability !== null && pace.elapsed > 0) notes.push(text.reach(totalReach.probability));
  return {
    month,
    timezone,
    targets,
    pace,
    split,
    sources,
    total: {
      wonTarget,
      meetingsNeeded: sources.reduce((s, p) => s + p.meetingsNeeded, 0),
      engagedLeadsNeeded: sources.reduce((s, p) => s + p.engagedLeadsNeeded, 0),
      won: totalWon,
      meetings: now.reduce((s, r) => s + r.meetings, 0),
      reach: totalReach,
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
