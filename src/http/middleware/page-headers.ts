import type { Context, MiddlewareHandler } from 'hono';
import { NONCE, secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../types.js';

// Our pages (dashboard, unsubscribe, invalid link) run no script at all; their one inline style block is allowed
// by this response's nonce. Nothing may frame them.
const policy = {
  defaultSrc: ["'none'"],
  styleSrc: [NONCE],
  imgSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
};

type Referrer = 'no-referrer' | 'same-origin';

const headersFor = (https: boolean, referrer: Referrer) =>
  secureHeaders({
    contentSecurityPolicy: policy,
    xFrameOptions: 'DENY',
    referrerPolicy: referrer,
    // Over plain http (a local start) HSTS would be ignored at best and stick to localhost at worst.
    strictTransportSecurity: https ? 'max-age=31536000; includeSubDomains' : false,
  });

/**
 * hono/secure-headers for HTML pages, HSTS when KAIFU_PUBLIC_URL is https. Recipients' pages send no referrer
 * (their URLs carry tokens); the dashboard keeps same-origin, since under no-referrer browsers send its own
 * form posts with `Origin: null`, which its cross-site check must refuse.
 */
export function pageHeaders(referrer: Referrer): MiddlewareHandler<AppEnv> {
  const overHttps = headersFor(true, referrer);
  const overHttp = headersFor(false, referrer);
  return (c, next) => (c.get('deps').config.publicUrl.startsWith('https:') ? overHttps : overHttp)(c, next);
}

/** The nonce this response's inline style must carry. */
export const styleNonce = (c: Context<AppEnv>): string => c.get('secureHeadersNonce') ?? '';
