import type { App } from '../../http/types';
import { clickTarget, verifyTrackingToken } from '../../services/tracking/resolve-token';
import { langOf, page, TEXT } from './pages';

/** A click: a valid token redirects to its campaign's stored link; anything else gets a page, never a redirect. */
export function registerClick(app: App) {
  app.get('/t/c/:token', async (c) => {
    const deps = c.get('deps');
    const claims = await verifyTrackingToken(deps, c.req.param('token'), 'click');
    const target = claims ? await clickTarget(deps, claims) : null;
    if (!target) {
      const t = TEXT[langOf(c.req.header('accept-language'))];
      return c.html(page(langOf(c.req.header('accept-language')), t.badTitle, `<p>${t.bad}</p>`), 404, {
        'Cache-Control': 'no-store',
      });
    }
    return c.redirect(target, 302);
  });
}
