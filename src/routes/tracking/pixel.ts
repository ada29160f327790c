import { requesterOf } from '../../http/requester.js';
import type { App } from '../../http/types.js';
import { trackOpen } from '../../services/tracking/track.js';

// A 1×1 transparent GIF.
export const GIF = Uint8Array.from(atob('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'), (c) =>
  c.charCodeAt(0),
);

export const GIF_HEADERS = {
  'Content-Type': 'image/gif',
  'Cache-Control': 'no-store, no-cache, must-revalidate, max-age=0',
  Pragma: 'no-cache',
  Expires: '0',
  'X-Content-Type-Options': 'nosniff',
};

/** The open pixel: always the 1×1 GIF with no-cache headers, whatever the token; a valid GET records an open. */
export function registerPixel(app: App) {
  app.get('/t/o/:token', async (c) => {
    if (c.req.method === 'GET')
      await trackOpen({ deps: c.get('deps'), token: c.req.param('token'), requester: requesterOf(c) });
    return c.body(GIF, 200, GIF_HEADERS);
  });
}
