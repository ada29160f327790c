import type { Lang } from '../lib/lang.js';

/** Numbers as a reader of each language expects them written. */
export const locale = (lang: Lang) => (lang === 'ja' ? 'ja-JP' : 'en-US');
export const percent = (lang: Lang, value: number | null | undefined) =>
  value === null || value === undefined
    ? '—'
    : new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 1 }).format(value);
export const count = (lang: Lang, value: number) => new Intl.NumberFormat(locale(lang)).format(value);
