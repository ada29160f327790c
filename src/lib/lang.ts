/** The languages Kaifu answers in. */
export type Lang = 'ja' | 'en';

export const LANGS: readonly Lang[] = ['en', 'ja'];

export const isLang = (value: unknown): value is Lang => value === 'ja' || value === 'en';
