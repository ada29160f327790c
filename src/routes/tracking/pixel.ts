import type { App } from '../../http/types';

// A 1×1 transparent GIF.
export const GIF = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'), (c) =>
  c.charCodeAt(0),
);

/**
 * The open pixel: always the 1×1 GIF with no-cache headers, whatever the token. Recording opens (with their
 * human/machine classification) comes with the tracking issue; until then the pixel only answers.
 */
export function registerPixel(app: App) {
  app.get('/t/o/:token', (c) =>
    c.body(GIF, 200, {
      'Content-Type': 'image/gif',
      'Cache-Control': 'no-store, no-cache, must-revalidate, max-age=0',
      Pragma: 'no-cache',
      Expires: '0',
    }),
  );
}
