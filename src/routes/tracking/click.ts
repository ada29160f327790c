import { detectLanguage, langOf } from '../../http/middleware/language.js';
import { pageHeaders } from '../../http/middleware/page-headers.js';
import { requesterOf } from '../../http/requester.js';
import type { App } from '../../http/types.js';
import { trackClick } from '../../services/tracking/track.js';
import { RECIPIENT_TEXT } from '../../text/index.js';
import { page } from './pages.js';

const recipientPage = pageHeaders('no-referrer');

/**
 * A click: a valid token is recorded and redirected to its campaign's stored link; anything else gets a page,
 * never a redirect. HEAD (link checkers, previews) records nothing.
 */
export function registerClick(app: App) {
  app.get('/t/c/:token', detectLanguage, recipientPage, async (c) => {
    c.header('Cache-Control', 'no-store');
    const target = await trackClick({
      deps: c.get('deps'),
      token: c.req.param('token'),
      requester: requesterOf(c),
      record: c.req.method === 'GET',
    });
    if (!target) {
      const t = RECIPIENT_TEXT[langOf(c)];
      return c.html(page(c, t.badTitle, `<p>${t.bad}</p>`), 404);
    }
    return c.redirect(target, 302);
  });
}
