import { requesterOf } from '../../http/requester';
import type { App } from '../../http/types';
import { langOf } from '../../lib/lang';
import { trackClick } from '../../services/tracking/track';
import { page, TEXT } from './pages';

/**
 * A click: a valid token is recorded and redirected to its campaign's stored link; anything else gets a page,
 * never a redirect. HEAD (link checkers, previews) records nothing.
 */
export function registerClick(app: App) {
  app.get('/t/c/:token', async (c) => {
    c.header('Cache-Control', 'no-store');
    const target = await trackClick(c.get('deps'), c.req.param('token'), requesterOf(c), {
      record: c.req.method === 'GET',
    });
    if (!target) {
      const lang = langOf(c.req.header('accept-language'));
      return c.html(page(lang, TEXT[lang].badTitle, `<p>${TEXT[lang].bad}</p>`), 404);
    }
    return c.redirect(target, 302);
  });
}
