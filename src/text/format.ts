import type { Lang } from '../lib/lang.js';

/** Numbers as a reader of each language expects them written. */
export const locale = (lang: Lang) => (lang === 'ja' ? 'ja-JP' : 'en-US');
export const percent = (lang: Lang, value: number | null | undefined) =>
  value === null || value === undefined
    ? '—'
    : new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 1 }).format(value);
export const count = (lang: Lang, value: number) => new Intl.NumberFormat(locale(lang)).format(value);
/** A span of minutes in the unit a reader takes in at a glance: minutes, hours to 48, then days. */
export const minutesSpan = (lang: Lang, minutes: number) => {
  const [value, unit] =
    minutes < 90 ? [minutes, 'minute'] : minutes < 48 * 60 ? [minutes / 60, 'hour'] : [minutes / 1440, 'day'];
  return new Intl.NumberFormat(locale(lang), {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(value);
};
