import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import { ApiError } from '../errors.js';
import { toCsv } from '../http/csv.js';
import { langOf } from '../http/middleware/language.js';
import { styleNonce } from '../http/middleware/page-headers.js';
import type { AppEnv } from '../http/types.js';
import { isLang, type Lang } from '../lib/lang.js';
import { Layout } from './layout.js';
import { checkCsrf, csrfTokenOf, type DashboardSession, readSession, sessionActive } from './session.js';

/** What every dashboard handler shares: language, the session cookie, form checks, the page frame, CSV. */

export const SESSION_COOKIE = 'kaifu_session';
const LANG_COOKIE = 'kaifu_lang';

export type C = Context<AppEnv>;

/** ?lang= switches (and is remembered), else the cookie, else Accept-Language. */
export function languageOf(c: C): Lang {
  const asked = c.req.query('lang');
  if (isLang(asked)) {
    setCookie(c, LANG_COOKIE, asked, {
      path: '/dashboard',
      sameSite: 'Lax',
      httpOnly: true,
      maxAge: 31_536_000,
    });
    return asked;
  }
  const saved = getCookie(c, LANG_COOKIE);
  return isLang(saved) ? saved : langOf(c);
}

export const secure = (c: C) => ownOrigins(c).some((o) => o.startsWith('https:'));

/** The signed-in reader, or null: no cookie, forged, expired, or a key revoked since. */
export async function sessionOf(c: C): Promise<DashboardSession | null> {
  const deps = c.get('deps');
  const session = await readSession(deps.config.secret, getCookie(c, SESSION_COOKIE), deps.clock.now());
  return session && (await sessionActive({ deps, session })) ? session : null;
}

/** Our own origins: the request's, and KAIFU_PUBLIC_URL's (what the browser sees behind a TLS proxy). */
const ownOrigins = (c: C) => [new URL(c.req.url).origin, new URL(c.get('deps').config.publicUrl).origin];

/** Browsers name the page a post comes from: another site's is refused before anything else is looked at. */
export function refuseCrossSite(c: C) {
  const origin = c.req.header('origin');
  if (origin && !ownOrigins(c).includes(origin)) {
    throw new ApiError('forbidden', 'Cross-site form posts are refused');
  }
}

/** Posts must come from our own pages: a same-origin Origin (when sent) and the session's form token. */
export async function checkPost(c: C, session: DashboardSession, form: Record<string, unknown>) {
  refuseCrossSite(c);
  if (!(await checkCsrf(c.get('deps').config.secret, session, form.csrf))) {
    throw new ApiError('forbidden', 'The form token is missing or wrong: reload the page and try again');
  }
}

export function page(
  c: C,
  lang: Lang,
  title: string,
  active: string | undefined,
  csrf: string | undefined,
  body: Child,
) {
  c.header('Cache-Control', 'no-store');
  const path = new URL(c.req.url);
  path.searchParams.delete('lang');
  return c.html(
    <Layout
      lang={lang}
      title={title}
      active={active}
      csrf={csrf}
      path={`${path.pathname}${path.search}`}
      nonce={styleNonce(c)}
    >
      {body}
    </Layout>,
  );
}

/** The counts a test send redirected with, if this page follows one. */
export function testSentOf(c: C): { sent: number; skipped: number } | undefined {
  const sent = Number(c.req.query('sent'));
  const skipped = Number(c.req.query('skipped'));
  return Number.isInteger(sent) && Number.isInteger(skipped) && c.req.query('sent') !== undefined
    ? { sent, skipped }
    : undefined;
}

export function csv(c: C, name: string, rows: Record<string, unknown>[]) {
  return c.body(toCsv(rows, { bom: true }), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}.csv"`,
    'Cache-Control': 'no-store',
  });
}

/** Every other dashboard page: signed in or sent to the sign-in page. */
export const signedIn =
  (render: (c: C, ctx: { lang: Lang; session: DashboardSession; csrf: string }) => Promise<Response>) =>
  async (c: C) => {
    const session = await sessionOf(c);
    if (!session) {
      deleteCookie(c, SESSION_COOKIE, { path: '/dashboard' });
      return c.redirect('/dashboard/sign-in', 303);
    }
    const csrf = await csrfTokenOf(c.get('deps').config.secret, session);
    return render(c, { lang: languageOf(c), session, csrf });
  };
