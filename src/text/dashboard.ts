import type { Lang } from '../lib/lang.js';
import type { LengthBand, SubjectFeature } from '../services/analysis/subject-features.js';

/** The dashboard's words: navigation, page headings, column names and help, in both languages. */

type Denominator = 'delivered' | 'sends';
/** A name for every subject feature and length band, in each language. */
type FeatureNames = Record<SubjectFeature | LengthBand, string>;

const en = {
  title: 'Kaifu dashboard',
  skip: 'Skip to content',
  nav: {
    overview: 'Overview',
    campaigns: 'Campaigns',
    heatmap: 'Heatmap',
    recommendations: 'Recommendations',
    kpi: 'KPI plan',
  },
  signIn: 'Sign in',
  signInIntro:
    'Sign in with an API key of an analyst, marketer or admin. The key is not stored in your browser.',
  apiKey: 'API key',
  badKey: 'That key is unknown, expired or revoked, or below analyst.',
  signOut: 'Sign out',
  language: '日本語',
  csv: 'Download CSV',
  overview: {
    humanOpenRate: 'Human open rate',
    machineOpenRate: 'Opened only by machines',
    clickRate: 'Human click rate',
    meetings: 'Meetings this month',
    won: 'Won this month',
    target: 'target',
    pace: 'Won against the month’s target, by business day',
    paceText: (won: number, expected: number, target: number) =>
      `${won} won so far; ${expected.toFixed(1)} expected by today on the way to ${target}.`,
    noTarget: 'No target set for this month.',
  },
  campaigns: {
    name: 'Campaign',
    status: 'Status',
    sends: 'Sends',
    uncertain: 'Uncertain',
    uncertainHelp:
      'SendGrid may or may not have taken these (a crash or timeout mid-request); never re-sent by Kaifu. ' +
      'Decide with POST /v1/campaigns/{id}/uncertain: mark_sent, resend or drop.',
    delivered: 'Delivered',
    humanOpens: 'Human opens',
    machineOpens: 'Machine-only opens',
    rate: 'Human open rate',
    ci: '95% interval',
    best: 'P(best)',
    decision: 'A/B decision',
    noAbTest: 'No A/B test: nothing picks a winner for this campaign.',
    noWinnerYet: 'No winner yet: the A/B test has not been decided.',
    timeToOpen: 'Time to open',
    timeToOpenCaption: (people: string) =>
      `Time from send to first human open, among the ${people} people who opened`,
    timeToOpenShare: (share: string) => `${share} had opened within`,
    noOpensYet: 'No human opens yet.',
    // Why the A/B test's remainder went to the variant it did (TestDecision.reason).
    reasons: {
      winner: 'a clear winner',
      fallback_srm: 'fallback: the test sends did not fit the intended split',
      fallback_insufficient: 'fallback: too few test sends to decide',
      fallback_no_clear_winner: 'fallback: no clear winner',
    } as Record<string, string>,
    subject: 'Subject',
    variant: 'Variant',
    back: 'All campaigns',
    outbox: 'Outbox (sent without SendGrid)',
    testSend: 'Test send',
    addresses: 'Addresses (comma separated)',
    send: 'Send',
    testSent: (sent: number, skipped: number) =>
      `Test send: ${sent} sent${skipped > 0 ? `, ${skipped} skipped (unsubscribed, bounced, complained or suppressed)` : ''}.`,
  },
  heatmap: {
    title: 'Human open rate by the recipient’s local weekday and hour',
    shrunk: 'Shrunk estimate',
    raw: 'Raw rate',
    list: 'List',
    all: 'All lists',
    from: 'From',
    to: 'To',
    apply: 'Apply',
    cell: (slot: string, rate: string, n: string, denominator: Denominator) =>
      `${slot}: ${rate} of ${n} ${denominator === 'delivered' ? 'delivered' : 'sent'}`,
    sent: (sends: string) => `${sends} sent`,
    undelivered: (slot: string, sends: string) =>
      `${slot}: ${sends} sent, 0 delivered (no delivery reported, so no rate)`,
    legend: (denominator: Denominator) =>
      `Each cell: the rate, and under it the ${denominator === 'delivered' ? 'delivered messages' : 'sends'} ` +
      'it is out of; point at a cell for both.' +
      (denominator === 'delivered'
        ? ' “—” over “N sent”: mail went out then, but none was reported delivered, so there is no rate.'
        : ''),
    weekdays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  },
  recs: {
    slot: 'Local slot',
    slots: 'Best local send slots',
    features: 'Subject features',
    sources: 'Lead sources',
    established: 'Established',
    thin: 'Not enough data yet',
    needed: (n: number) => `About ${n} sends per slot would settle it.`,
    effect: 'Effect',
    slotClaim: 'Beats the other slots?',
    slotClaimHelp:
      'yes: this slot’s human open rate is higher than that of all other slots together, beyond chance: a ' +
      'one-sided test, its p-value adjusted for every slot compared at once (Benjamini–Hochberg, 5% ' +
      'false-discovery rate). no: any difference may be chance.',
    effectClaim: 'Clear difference?',
    effectClaimHelp:
      'yes: the difference is beyond chance: its p-value, adjusted for everything in this table compared at ' +
      'once (Benjamini–Hochberg, 5% false-discovery rate), is below 5%, and its 95% interval leaves out zero. ' +
      'no: it may be chance.',
  },
  subjectFeatures: {
    question: 'Question',
    number: 'Number',
    brackets: 'Brackets',
    personalized: 'Personalization',
    emoji: 'Emoji',
    urgency: 'Urgency words',
    short: 'Subject length: up to 15 characters',
    medium: 'Subject length: 16–30 characters',
    long: 'Subject length: 31–50 characters',
    veryLong: 'Subject length: 51 characters or more',
  } satisfies FeatureNames as Record<string, string>,
  leadSources: { inbound: 'Inbound', outbound: 'Outbound', unknown: 'Unknown' } as Record<string, string>,
  kpi: {
    source: 'Lead source',
    target: 'Won target',
    winRate: 'Win rate',
    meetingRate: 'Meeting rate',
    meetingsNeeded: 'Meetings needed',
    leadsNeeded: 'Leads to engage',
    actual: 'Won / meetings so far',
    pace: 'Pace',
    onTrack: 'On track',
    behind: 'Behind',
    basis: 'Why',
  },
  yes: 'yes',
  no: 'no',
};

const ja: typeof en = {
  title: '開封ダッシュボード',
  skip: '本文へ移動',
  nav: {
    overview: '概要',
    campaigns: 'キャンペーン',
    heatmap: 'ヒートマップ',
    recommendations: 'おすすめ',
    kpi: 'KPI計画',
  },
  signIn: 'サインイン',
  signInIntro: 'アナリスト以上の API キーでサインインしてください。キーはブラウザに保存されません。',
  apiKey: 'API キー',
  badKey: 'キーが不明・期限切れ・失効済み、またはアナリスト未満の権限です。',
  signOut: 'サインアウト',
  language: 'English',
  csv: 'CSV をダウンロード',
  overview: {
    humanOpenRate: '人による開封率',
    machineOpenRate: '機械のみの開封',
    clickRate: '人によるクリック率',
    meetings: '今月の商談化',
    won: '今月の受注',
    target: '目標',
    pace: '営業日ベースの受注ペース（今月の目標に対して）',
    paceText: (won: number, expected: number, target: number) =>
      `受注 ${won} 件。今日までの想定は ${expected.toFixed(1)} 件（目標 ${target} 件）。`,
    noTarget: '今月の目標は未設定です。',
  },
  campaigns: {
    name: 'キャンペーン',
    status: '状態',
    sends: '送信数',
    uncertain: '送信不明',
    uncertainHelp:
      'SendGrid が受け付けたか分からないメール（送信中の停止・タイムアウト）。Kaifu は再送しません。' +
      'POST /v1/campaigns/{id}/uncertain で mark_sent・resend・drop を選んでください。',
    delivered: '配信数',
    humanOpens: '人による開封',
    machineOpens: '機械のみの開封',
    rate: '人による開封率',
    ci: '95% 区間',
    best: '最良の確率',
    decision: 'A/B 判定',
    noAbTest: 'A/B テストなし: このキャンペーンでは勝者を選びません。',
    noWinnerYet: 'まだ勝者は決まっていません（A/B テストの判定前）。',
    timeToOpen: '開封までの時間',
    timeToOpenCaption: (people: string) => `送信から人による最初の開封までの時間（開封した ${people} 人）`,
    timeToOpenShare: (share: string) => `${share} が開封するまで`,
    noOpensYet: '人による開封はまだありません。',
    reasons: {
      winner: '明確な勝者',
      fallback_srm: 'フォールバック：テスト送信が意図した配分に合わない',
      fallback_insufficient: 'フォールバック：判定に足るテスト送信がない',
      fallback_no_clear_winner: 'フォールバック：明確な勝者なし',
    },
    subject: '件名',
    variant: 'バリアント',
    back: 'キャンペーン一覧',
    outbox: 'アウトボックス（SendGrid なしで送信）',
    testSend: 'テスト送信',
    addresses: '宛先（カンマ区切り）',
    send: '送信',
    testSent: (sent: number, skipped: number) =>
      `テスト送信: ${sent} 件送信${skipped > 0 ? `、${skipped} 件は配信停止・不達・苦情・抑止のため送信せず` : ''}。`,
  },
  heatmap: {
    title: '受信者の現地曜日・時刻別の人による開封率',
    shrunk: '縮小推定',
    raw: '実測値',
    list: 'リスト',
    all: 'すべてのリスト',
    from: '開始日',
    to: '終了日',
    apply: '適用',
    cell: (slot: string, rate: string, n: string, denominator: Denominator) =>
      `${slot}: ${denominator === 'delivered' ? '配信' : '送信'} ${n} 件中 ${rate}`,
    sent: (sends: string) => `${sends} 件送信`,
    undelivered: (slot: string, sends: string) =>
      `${slot}: ${sends} 件送信、配信 0 件（配信の報告がないため開封率なし）`,
    legend: (denominator: Denominator) =>
      `各セル: 開封率と、その下に母数（${denominator === 'delivered' ? '配信数' : '送信数'}）。` +
      'セルにカーソルを合わせると両方を表示します。' +
      (denominator === 'delivered'
        ? '「—」と「N 件送信」: 送信したものの配信の報告がなく、開封率を出せない枠です。'
        : ''),
    weekdays: ['日', '月', '火', '水', '木', '金', '土'],
  },
  recs: {
    slot: '送信枠',
    slots: '最適な送信枠（現地時刻）',
    features: '件名の特徴',
    sources: 'リードソース',
    established: '確立',
    thin: 'まだデータ不足',
    needed: (n: number) => `1 枠あたり約 ${n} 通で判断できます。`,
    effect: '効果',
    slotClaim: '他の枠より高い？',
    slotClaimHelp:
      'はい: この枠の人による開封率は、他のすべての枠を合わせたものより高く、偶然とは言えない差です' +
      '（片側検定。全枠を同時に比べるため p 値を Benjamini–Hochberg 法で補正、偽発見率 5%）。' +
      'いいえ: 差は偶然かもしれません。',
    effectClaim: '明確な差？',
    effectClaimHelp:
      'はい: 偶然とは言えない差です。この表の項目を同時に比べるため Benjamini–Hochberg 法で補正した p 値が ' +
      '5% 未満で（偽発見率 5%）、95% 区間が 0 を含みません。いいえ: 差は偶然かもしれません。',
  },
  subjectFeatures: {
    question: '疑問形',
    number: '数字',
    brackets: '括弧',
    personalized: '差し込み',
    emoji: '絵文字',
    urgency: '緊急性',
    short: '件名の長さ: 15 文字以下',
    medium: '件名の長さ: 16–30 文字',
    long: '件名の長さ: 31–50 文字',
    veryLong: '件名の長さ: 51 文字以上',
  } satisfies FeatureNames,
  leadSources: { inbound: 'インバウンド', outbound: 'アウトバウンド', unknown: '不明' },
  kpi: {
    source: 'リードソース',
    target: '受注目標',
    winRate: '受注率',
    meetingRate: '商談化率',
    meetingsNeeded: '必要商談数',
    leadsNeeded: '必要エンゲージ数',
    actual: '受注 / 商談（今月）',
    pace: 'ペース',
    onTrack: '順調',
    behind: '遅れ',
    basis: '根拠',
  },
  yes: 'はい',
  no: 'いいえ',
};

export const DASHBOARD_TEXT: Record<Lang, typeof en> = { en, ja };
export type DashboardText = typeof en;

/** A subject feature or length band (services/analysis/subject-features.ts) as a reader calls it. */
export const subjectFeatureName = (lang: Lang, feature: string): string =>
  DASHBOARD_TEXT[lang].subjectFeatures[feature] ?? feature;

/** A lead source as a reader calls it; none recorded (null, '' or the rollups' 'unknown') is "unknown". */
export const leadSourceName = (lang: Lang, source: string | null | undefined): string =>
  DASHBOARD_TEXT[lang].leadSources[source || 'unknown'] ?? source ?? '';

/** A local weekday × hour slot: 'Tue 10:00', '火 10:00'. */
export const slotName = (lang: Lang, weekday: number, hour: number): string =>
  `${DASHBOARD_TEXT[lang].heatmap.weekdays[weekday] ?? weekday} ${String(hour).padStart(2, '0')}:00`;
