import { detectLanguage, langOf } from '../../http/middleware/language.js';
import { pageHeaders } from '../../http/middleware/page-headers.js';
import type { App } from '../../http/types.js';
import { verifyTrackingToken } from '../../services/tracking/track.js';
import { oneClickUnsubscribe } from '../../services/tracking/unsubscribe.js';
import { RECIPIENT_TEXT } from '../../text/index.js';
import { page } from './pages.js';

const recipientPage = pageHeaders('no-referrer');

/**
 * GET shows a confirmation page and changes nothing (link scanners follow every link). POST is RFC 8058's
 * one-click unsubscribe, from the mail client or the page's button: the signed token is the proof, so no CSRF
 * token. Both answer a page; a bad token gets 404 and changes nothing.
 */
export function registerUnsubscribe(app: App) {
  app.get('/u/:token', detectLanguage, recipientPage, async (c) => {
    const t = RECIPIENT_TEXT[langOf(c)];
    const claims = await verifyTrackingToken({
      deps: c.get('deps'),
      token: c.req.param('token'),
      kind: 'unsubscribe',
    });
    if (!claims) return c.html(page(c, t.badTitle, `<p>${t.bad}</p>`), 404);
    return c.html(
      page(
        c,
        t.confirmTitle,
        `<p>${t.confirm}</p><form method="post"><button type="submit">${t.button}</button></form>`,
      ),
      200,
      { 'Cache-Control': 'no-store' },
    );
  });
  app.post('/u/:token', detectLanguage, recipientPage, async (c) => {
    const t = RECIPIENT_TEXT[langOf(c)];
    const deps = c.get('deps');
    const claims = await verifyTrackingToken({ deps, token: c.req.param('token'), kind: 'unsubscribe' });
    if (!claims) return c.html(page(c, t.badTitle, `<p>${t.bad}</p>`), 404);
    await oneClickUnsubscribe({ deps, claims });
    return c.html(page(c, t.doneTitle, `<p>${t.done}</p>`), 200, { 'Cache-Control': 'no-store' });
  });
}
