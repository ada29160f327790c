import type { Lang } from '../lib/lang.js';
import type { Step } from '../services/kpi/plan.js';

/** What the KPI plan says in words: where each rate it plans with came from, and what is missing. */
export const KPI_TEXT = {
  en: {
    seen: (step: Step, successes: number, trials: number, months: number) =>
      step === 'win'
        ? `${successes} won of ${trials} meetings in the last ${months} months`
        : `${successes} meetings of ${trials} engaged leads in the last ${months} months`,
    byDefault: (seen: string) => `the month's default: ${seen}, too few to go by`,
    assumed: (seen: string) => `10% assumed: ${seen}, too few to go by`,
    noTarget: (month: string) => `No won target for ${month}: set one with PUT /v1/kpi/targets/${month}.`,
    evenSplit: 'No won deals in history: the target is split evenly between inbound and outbound.',
  },
  ja: {
    seen: (step: Step, successes: number, trials: number, months: number) =>
      step === 'win'
        ? `過去${months}か月で商談 ${trials} 件中 受注 ${successes} 件`
        : `過去${months}か月でエンゲージしたリード ${trials} 件中 商談 ${successes} 件`,
    byDefault: (seen: string) => `今月の既定値を使用（${seen}。判断するには少なすぎます）`,
    assumed: (seen: string) => `10% と仮定（${seen}。判断するには少なすぎます）`,
    noTarget: (month: string) =>
      `${month} の受注目標が未設定です。PUT /v1/kpi/targets/${month} で設定してください。`,
    evenSplit: '過去に受注がないため、目標をインバウンドとアウトバウンドに均等に分けています。',
  },
} satisfies Record<Lang, unknown>;
