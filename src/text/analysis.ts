/** The languages analysis notes are written in, chosen from Accept-Language by the route. */
import type { Lang } from '../lib/lang.js';

export type { Lang };

const percent = (p: number) => (p < 1 && p >= 0.9995 ? '>99.9%' : `${(p * 100).toFixed(1)}%`);
const figure = (x: number) => (x === 0 ? '0' : x.toPrecision(3));

const quoteEn = (labels: string[]) => labels.map((l) => `"${l}"`).join(', ');
const quoteJa = (labels: string[]) => labels.map((l) => `「${l}」`).join('、');

/** What compareVariants can say, one function per sentence. */
const compareEn = {
  unsent: (label: string) =>
    `"${label}" has no sends: its rate and interval are undefined, and the tests leave it out.`,
  controlUnsent: (label: string) =>
    `The control "${label}" has no sends, so no variant can be tested against it.`,
  noOpens:
    'No variant has any opens: with nothing to compare, the z-tests and the chi-square test are undefined.',
  allOpened: 'Every send was opened: with no variation, the z-tests and the chi-square test are undefined.',
  pairNoOpens: (label: string) =>
    `The z-test of "${label}" against the control is undefined: neither has any opens.`,
  pairAllOpened: (label: string) =>
    `The z-test of "${label}" against the control is undefined: both opened every send.`,
  tooFewForChiSquare: 'The chi-square test needs at least two variants with sends.',
  adjusted: (m: number) =>
    `p-values against the control are adjusted for ${m} comparisons (Benjamini–Hochberg).`,
  srmMismatch: (statistic: number, p: number) =>
    `Sample ratio mismatch: the sends do not fit the intended split (χ² = ${figure(statistic)}, ` +
    `p = ${figure(p)} < 0.001). The split itself may be broken, so no winner is declared.`,
  srmFits: (p: number) => `The sends fit the intended split (p = ${figure(p)}).`,
  srmUndefined: 'Nothing was sent, so the split cannot be checked.',
  short: (labels: string[], min: number) =>
    `Not enough data: ${quoteEn(labels)} ${labels.length === 1 ? 'has' : 'have'} fewer than ${min} sends, ` +
    'so no winner is declared yet.',
  winner: (label: string, p: number, threshold: number) =>
    `"${label}" wins: its probability to be best is ${percent(p)} (threshold ${percent(threshold)}).`,
  noWinner: (label: string, p: number, threshold: number) =>
    `No winner yet: the likeliest best is "${label}" at ${percent(p)}, below the ${percent(threshold)} threshold.`,
};

export const COMPARE_TEXT: Record<Lang, typeof compareEn> = {
  en: compareEn,
  ja: {
    unsent: (label: string) =>
      `「${label}」は配信数が 0 のため、開封率と信頼区間は算出できず、検定からも除外しています。`,
    controlUnsent: (label: string) => `対照群「${label}」の配信数が 0 のため、対照との比較はできません。`,
    noOpens: 'どのバリアントにも開封がないため比較するものがなく、z 検定とカイ二乗検定は算出できません。',
    allOpened: 'すべての配信が開封されているためばらつきがなく、z 検定とカイ二乗検定は算出できません。',
    pairNoOpens: (label: string) =>
      `「${label}」と対照群はどちらも開封がないため、この z 検定は算出できません。`,
    pairAllOpened: (label: string) =>
      `「${label}」と対照群はどちらもすべて開封されているため、この z 検定は算出できません。`,
    tooFewForChiSquare: 'カイ二乗検定には、配信のあるバリアントが 2 つ以上必要です。',
    adjusted: (m: number) => `対照との p 値は、${m} 件の比較について Benjamini–Hochberg 法で補正しています。`,
    srmMismatch: (statistic: number, p: number) =>
      `サンプル比率の不一致（SRM）: 配信数が想定した配分に合いません（χ² = ${figure(statistic)}、` +
      `p = ${figure(p)} < 0.001）。配分そのものに問題がある可能性があるため、勝者は判定しません。`,
    srmFits: (p: number) => `配信数は想定した配分と矛盾しません（p = ${figure(p)}）。`,
    srmUndefined: '配信がないため、配分は確認できません。',
    short: (labels: string[], min: number) =>
      `データ不足: ${quoteJa(labels)}の配信数が最低 ${min} 件に達していないため、まだ勝者は判定しません。`,
    winner: (label: string, p: number, threshold: number) =>
      `「${label}」が勝者です: 最良である確率は ${percent(p)}（しきい値 ${percent(threshold)}）です。`,
    noWinner: (label: string, p: number, threshold: number) =>
      `勝者なし: 最良の可能性が最も高いのは「${label}」（${percent(p)}）ですが、しきい値 ${percent(threshold)} に届いていません。`,
  },
};

/** What planSampleSize can say. */
const sampleSizeEn = {
  method:
    "perVariant uses Cohen's h (arcsine), two-sided with both rejection tails counted, as standard power " +
    'software does; perVariantPooled uses the pooled-normal formula.',
  bonferroni: (variants: number, alpha: number, perComparison: number) =>
    `With ${variants} variants, alpha ${alpha} is split over the ${variants - 1} comparisons against the ` +
    `control (Bonferroni): ${figure(perComparison)} each.`,
  feasible: (total: number, listSize: number) => `The test needs ${total} sends; the list has ${listSize}.`,
  infeasible: (total: number, listSize: number) =>
    `The test needs ${total} sends but the list has only ${listSize}: aim for a larger difference, fewer ` +
    'variants or a larger list.',
};

export const SAMPLE_SIZE_TEXT: Record<Lang, typeof sampleSizeEn> = {
  en: sampleSizeEn,
  ja: {
    method:
      'perVariant は Cohen の h（逆正弦変換）による両側検定で、両側の棄却域を含めて計算しています（一般的な検出力' +
      '分析ソフトと同じ）。perVariantPooled はプールした正規近似の式によります。',
    bonferroni: (variants: number, alpha: number, perComparison: number) =>
      `バリアントが ${variants} 個のため、有意水準 ${alpha} を対照との ${variants - 1} 件の比較に分割しています` +
      `（Bonferroni 法）: 各 ${figure(perComparison)}。`,
    feasible: (total: number, listSize: number) =>
      `必要な配信数は ${total} 件で、リストは ${listSize} 件です。`,
    infeasible: (total: number, listSize: number) =>
      `必要な配信数は ${total} 件ですが、リストは ${listSize} 件しかありません。差を大きく見込むか、バリアントを` +
      '減らすか、リストを増やしてください。',
  },
};

const pts = (rate: number) => `${(rate * 100).toFixed(1)}`;

/** What scheduling an A/B test says about its size. */
const testPlanEn = {
  basis: {
    list: (sends: number) => `the list's rate over its ${sends} sends of the last 90 days`,
    workspace: (sends: number) =>
      `the workspace's rate over its ${sends} sends of the last 90 days (the list has too few)`,
    assumed: 'an assumed rate: neither the list nor the workspace has 100 sends in the last 90 days',
  },
  detectable: (perVariant: number, baseline: number, target: number | null, basis: string) =>
    target === null
      ? `With about ${perVariant} test sends per variant no difference can be told apart from chance.`
      : `With about ${perVariant} test sends per variant, from ${pts(baseline)}% (${basis}) a variant must reach ` +
        `about ${pts(target)}% (+${pts(target - baseline)} points) to be found with 80% power.`,
  belowMinimum: (perVariant: number, minimum: number, share: number | null) =>
    `Each variant gets about ${perVariant} test sends, fewer than minPerVariant ${minimum}: the test will end in ` +
    `its fallback, not a winner.${share === null ? ' Even a test share of the whole list would not reach it.' : ` A test share of ${share} or more would reach it.`}`,
};

export const TEST_PLAN_TEXT: Record<Lang, typeof testPlanEn> = {
  en: testPlanEn,
  ja: {
    basis: {
      list: (sends: number) => `このリストの直近 90 日間の ${sends} 通での実績`,
      workspace: (sends: number) =>
        `ワークスペース全体の直近 90 日間の ${sends} 通での実績（リストの配信が少ないため）`,
      assumed: '仮定の値（リストにもワークスペースにも直近 90 日間の配信が 100 通ありません）',
    },
    detectable: (perVariant: number, baseline: number, target: number | null, basis: string) =>
      target === null
        ? `バリアントあたり約 ${perVariant} 通のテスト配信では、偶然と区別できる差はありません。`
        : `バリアントあたり約 ${perVariant} 通のテスト配信では、基準 ${pts(baseline)}%（${basis}）から約 ` +
          `${pts(target)}%（+${pts(target - baseline)} ポイント）以上の差でなければ、検出力 80% で見つけられません。`,
    belowMinimum: (perVariant: number, minimum: number, share: number | null) =>
      `各バリアントのテスト配信は約 ${perVariant} 通で、minPerVariant の ${minimum} に届きません。テストは勝者を決めず、` +
      `フォールバックで終わります。${share === null ? 'リスト全体をテストに回しても届きません。' : `テストの割合を ${share} 以上にすれば届きます。`}`,
  },
};
