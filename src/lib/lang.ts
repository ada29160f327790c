/** The languages Kaifu answers in: Japanese for Accept-Language starting with ja, else English. */
export type Lang = 'ja' | 'en';

export const langOf = (acceptLanguage: string | undefined): Lang =>
  /^\s*ja\b/i.test(acceptLanguage ?? '') ? 'ja' : 'en';
