import type { App } from '../../http/types.js';

/** Kaifu's icon, a heatmap's four cells: inline in every page's head, and at /favicon.ico for the rest. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#14365d"/>' +
  '<rect x="3" y="3" width="4" height="4" fill="#8fb3d9"/><rect x="9" y="3" width="4" height="4" fill="#fff"/>' +
  '<rect x="3" y="9" width="4" height="4" fill="#fff"/><rect x="9" y="9" width="4" height="4" fill="#4f86c6"/></svg>';

/** Browsers ask every site for /favicon.ico, signed in or not (an SVG there is understood by them all). */
export function registerFavicon(app: App) {
  app.get('/favicon.ico', (c) =>
    c.body(FAVICON_SVG, 200, {
      'Content-Type': 'image/svg+xml',
      'Cache-Control': 'public, max-age=604800',
    }),
  );
}
