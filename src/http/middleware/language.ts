import type { Context } from 'hono';
import { languageDetector } from 'hono/language';
import { isLang, LANGS, type Lang } from '../../lib/lang.js';
import type { AppEnv } from '../types.js';

/**
 * Accept-Language, q-values honoured (`fr,ja;q=0.8` → ja; `ja;q=0.1,en` → en), by Hono's detector. Only the
 * header: the dashboard keeps its own switch (?lang=, a cookie) on top of it.
 */
export const detectLanguage = languageDetector({
  supportedLanguages: [...LANGS],
  fallbackLanguage: 'en',
  order: ['header'],
  caches: false,
});

/** The request's language, as detectLanguage found it. */
export const langOf = (c: Context<AppEnv>): Lang => {
  const detected = c.get('language');
  return isLang(detected) ? detected : 'en';
};
