import type { Context } from 'hono';
import { langOf } from '../../http/middleware/language.js';
import { styleNonce } from '../../http/middleware/page-headers.js';
import type { AppEnv } from '../../http/types.js';
import { escapeHtml } from '../../mail/render.js';

/**
 * A small, self-contained page in the reader's language: these are seen by recipients, who never signed in
 * anywhere. Its style carries the response's CSP nonce (pageHeaders).
 */
export function page(c: Context<AppEnv>, title: string, body: string): string {
  return `<!doctype html><html lang="${langOf(c)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style nonce="${styleNonce(c)}">body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.6;color:#222}button{font-size:1rem;padding:.6rem 1.2rem;border-radius:.4rem;border:1px solid #444;background:#222;color:#fff;cursor:pointer}</style></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}
