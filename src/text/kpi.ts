import type { Lang } from '../lib/lang.js';
import type { Step } from '../services/kpi/plan.js';
import { percent } from './format.js';

const pct = (lang: Lang, rate: number) => percent(lang, rate);

/** The dashboard's KPI page. */
const pageEn = {
  month: 'Month',
  show: 'Show',
  plan: 'The month planned backwards',
  through: (month: string, elapsed: number, total: number) =>
    `${month}: ${elapsed} of ${total} business days gone (Monday to Friday, in the workspace’s time zone)`,
  reach: 'Chance to reach',
  range: (low: string, high: string) => `95%: ${low}–${high}`,
  planNote:
    'Each rate weighs the last 3 months with the month’s default (or 10%); the ranges come from the rates’ ' +
    '95% intervals. The chance to reach is for the month’s end at the pace so far.',
  funnel: 'Funnel this month',
  bySource: 'By lead source',
  byCampaign: 'By campaign',
  campaign: 'Campaign',
  delivered: 'Delivered',
  humanOpens: 'Human opens',
  clicks: 'Human clicks',
  meetings: 'Meetings',
  won: 'Won',
  funnelNote:
    'Each rate is over the step before: opens per delivered message, clicks and meetings per human-opened ' +
    'message, won per meeting. Meetings and won deals are contacts credited to a campaign by the attribution ' +
    'window. The plan’s meeting rate is per engaged lead (a contact with a human open), not per message, so ' +
    'the two meeting rates differ.',
  none: 'Nothing was sent this month.',
};

/** What the KPI plan says in words: where each rate it plans with came from, and what is missing. */
export const KPI_TEXT = {
  en: {
    seen: (step: Step, successes: number, trials: number, months: number) =>
      step === 'win'
        ? `${successes} won of ${trials} meetings in the last ${months} months`
        : `${successes} meetings of ${trials} engaged leads in the last ${months} months`,
    blended: (
      step: Step,
      seen: string,
      prior: { rate: number; basis: 'default' | 'assumed'; strength: number },
      rate: { rate: number; low: number; high: number },
    ) =>
      `${seen}, weighed with ${prior.basis === 'default' ? 'the month’s default' : 'an assumed'} ` +
      `${pct('en', prior.rate)} worth ${prior.strength} ${step === 'win' ? 'meetings' : 'engaged leads'}: ` +
      `${pct('en', rate.rate)} ` +
      `(95%: ${pct('en', rate.low)}–${pct('en', rate.high)})`,
    noTarget: (month: string) => `No won target for ${month}: set one with PUT /v1/kpi/targets/${month}.`,
    evenSplit:
      'No won deals in the last 3 months: the won target is split evenly between inbound and outbound.',
    split: (target: number, inbound: number, outbound: number) =>
      `The won target of ${target} is split by the last 3 months’ won deals: inbound ${inbound}, outbound ` +
      `${outbound}.`,
    reach: (p: number) => `At the pace so far, the chance of reaching the won target is ${pct('en', p)}.`,
  },
  ja: {
    seen: (step: Step, successes: number, trials: number, months: number) =>
      step === 'win'
        ? `過去${months}か月で商談 ${trials} 件中 受注 ${successes} 件`
        : `過去${months}か月でエンゲージしたリード ${trials} 件中 商談 ${successes} 件`,
    blended: (
      step: Step,
      seen: string,
      prior: { rate: number; basis: 'default' | 'assumed'; strength: number },
      rate: { rate: number; low: number; high: number },
    ) =>
      `${seen}。${prior.basis === 'default' ? '今月の既定値' : '仮定値'} ${pct('ja', prior.rate)}` +
      `（${step === 'win' ? '商談' : 'リード'} ${prior.strength} 件分）` +
      `と合わせて ${pct('ja', rate.rate)}（95%: ${pct('ja', rate.low)}〜${pct('ja', rate.high)}）`,
    noTarget: (month: string) =>
      `${month} の受注目標が未設定です。PUT /v1/kpi/targets/${month} で設定してください。`,
    evenSplit: '過去3か月に受注がないため、受注目標をインバウンドとアウトバウンドに均等に分けています。',
    split: (target: number, inbound: number, outbound: number) =>
      `受注目標 ${target} 件を過去3か月の受注の比率で分けています: インバウンド ${inbound} 件、アウトバウンド ${outbound} 件。`,
    reach: (p: number) => `これまでのペースで受注目標に届く確率は ${pct('ja', p)} です。`,
  },
} satisfies Record<Lang, unknown>;

const pageJa: typeof pageEn = {
  month: '月',
  show: '表示',
  plan: '今月の逆算計画',
  through: (month: string, elapsed: number, total: number) =>
    `${month}: 営業日 ${total} 日のうち ${elapsed} 日が経過（月〜金、ワークスペースのタイムゾーン）`,
  reach: '達成の見込み',
  range: (low: string, high: string) => `95%: ${low}〜${high}`,
  planNote:
    '各率は過去3か月の実績を今月の既定値（なければ 10%）と合わせたものです。範囲は率の 95% 区間から求めています。' +
    '達成の見込みは、これまでのペースで月末までに目標に届く確率です。',
  funnel: '今月のファネル',
  bySource: 'リードの流入経路別',
  byCampaign: 'キャンペーン別',
  campaign: 'キャンペーン',
  delivered: '配信',
  humanOpens: '人による開封',
  clicks: '人によるクリック',
  meetings: '商談',
  won: '受注',
  funnelNote:
    '各率は一つ前の段階に対する割合です: 開封は配信数、クリックと商談は人が開封したメール数、受注は商談数に対して。' +
    '商談と受注はアトリビューション期間でキャンペーンに帰属したコンタクト数です。計画の商談化率はエンゲージした' +
    'リード（人が開封したコンタクト）あたりで、メールあたりではないため、二つの商談率は一致しません。',
  none: '今月の配信はありません。',
};

export const KPI_PAGE_TEXT: Record<Lang, typeof pageEn> = { en: pageEn, ja: pageJa };
