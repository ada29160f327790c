import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import { reached, sumRollups } from '../db/queries/rollups.js';
import { ApiError } from '../errors.js';
import { toCsv } from '../http/csv.js';
import { langOf } from '../http/middleware/language.js';
import { styleNonce } from '../http/middleware/page-headers.js';
import type { App, AppEnv } from '../http/types.js';
import { UUID_PATTERN } from '../lib/ids.js';
import { isLang, type Lang } from '../lib/lang.js';
import { TestSendRequest } from '../routes/campaigns/test-send.js';
import { campaignReport } from '../services/analysis/campaign-report.js';
import { openRates } from '../services/analysis/open-rates.js';
import { recommend } from '../services/analysis/recommendations.js';
import { listCampaigns } from '../services/campaigns/read-campaigns.js';
import { authenticateKey } from '../services/keys/authenticate-key.js';
import { roleAllows } from '../services/keys/roles.js';
import { kpiPlan, wonByBusinessDay } from '../services/kpi/plan.js';
import { listLists } from '../services/lists/lists.js';
import { listOutbox } from '../services/sending/outbox.js';
import { testSend } from '../services/sending/test-send.js';
import { TEXT } from './i18n.js';
import { Layout } from './layout.js';
import { CampaignDetail } from './pages/campaign.js';
import { CampaignList } from './pages/campaigns.js';
import { Heatmap } from './pages/heatmap.js';
import { KpiPlanPage } from './pages/kpi.js';
import { Overview } from './pages/overview.js';
import { RecommendationsPage } from './pages/recommendations.js';
import { SignIn } from './pages/sign-in.js';
import {
  checkCsrf,
  csrfTokenOf,
  type DashboardSession,
  endSession,
  issueSession,
  readSession,
  SESSION_HOURS,
  sessionActive,
} from './session.js';

const SESSION_COOKIE = 'kaifu_session';
const LANG_COOKIE = 'kaifu_lang';

type C = Context<AppEnv>;

/** ?lang= switches (and is remembered), else the cookie, else Accept-Language. */
function languageOf(c: C): Lang {
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

const secure = (c: C) => ownOrigins(c).some((o) => o.startsWith('https:'));

/** The signed-in reader, or null: no cookie, forged, expired, or a key revoked since. */
async function sessionOf(c: C): Promise<DashboardSession | null> {
  const deps = c.get('deps');
  const session = await readSession(deps.config.secret, getCookie(c, SESSION_COOKIE), deps.clock.now());
  return session && (await sessionActive(deps, session)) ? session : null;
}

/** Our own origins: the request's, and KAIFU_PUBLIC_URL's (what the browser sees behind a TLS proxy). */
const ownOrigins = (c: C) => [new URL(c.req.url).origin, new URL(c.get('deps').config.publicUrl).origin];

/** Browsers name the page a post comes from: another site's is refused before anything else is looked at. */
function refuseCrossSite(c: C) {
  const origin = c.req.header('origin');
  if (origin && !ownOrigins(c).includes(origin)) {
    throw new ApiError('forbidden', 'Cross-site form posts are refused');
  }
}

/** Posts must come from our own pages: a same-origin Origin (when sent) and the session's form token. */
async function checkPost(c: C, session: DashboardSession, form: Record<string, unknown>) {
  refuseCrossSite(c);
  if (!(await checkCsrf(c.get('deps').config.secret, session, form.csrf))) {
    throw new ApiError('forbidden', 'The form token is missing or wrong: reload the page and try again');
  }
}

function page(
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
function testSentOf(c: C): { sent: number; skipped: number } | undefined {
  const sent = Number(c.req.query('sent'));
  const skipped = Number(c.req.query('skipped'));
  return Number.isInteger(sent) && Number.isInteger(skipped) && c.req.query('sent') !== undefined
    ? { sent, skipped }
    : undefined;
}

function csv(c: C, name: string, rows: Record<string, unknown>[]) {
  return c.body(toCsv(rows, { bom: true }), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}.csv"`,
    'Cache-Control': 'no-store',
  });
}

/**
 * /dashboard: server-rendered pages for inside-sales leads, readable without JavaScript. Signing in with an API
 * key (analyst and above) sets a signed, HttpOnly, SameSite=Lax session cookie; every form carries a token
 * derived from the session, and cross-site posts are refused.
 */
export function registerDashboard(app: App) {
  app.get('/dashboard', (c) => c.redirect('/dashboard/overview', 303));

  app.get('/dashboard/sign-in', (c) => {
    const lang = languageOf(c);
    return page(c, lang, TEXT[lang].signIn, undefined, undefined, <SignIn lang={lang} failed={false} />);
  });

  app.post('/dashboard/sign-in', async (c) => {
    const lang = languageOf(c);
    const deps = c.get('deps');
    refuseCrossSite(c);
    const form = await c.req.parseBody();
    const key = typeof form.key === 'string' ? form.key.trim() : '';
    const auth = key ? await authenticateKey(deps, key).catch(() => null) : null;
    if (!auth || !roleAllows(auth.role, 'analyst')) {
      c.status(401);
      return page(c, lang, TEXT[lang].signIn, undefined, undefined, <SignIn lang={lang} failed={true} />);
    }
    const { token } = await issueSession(deps.config.secret, auth, deps.clock.now());
    setCookie(c, SESSION_COOKIE, token, {
      path: '/dashboard',
      httpOnly: true,
      sameSite: 'Lax',
      secure: secure(c),
      maxAge: SESSION_HOURS * 3600,
    });
    return c.redirect('/dashboard/overview', 303);
  });

  app.post('/dashboard/sign-out', async (c) => {
    refuseCrossSite(c);
    const session = await sessionOf(c);
    if (session) {
      await checkPost(c, session, await c.req.parseBody());
      await endSession(c.get('deps'), session);
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/dashboard' });
    return c.redirect('/dashboard/sign-in', 303);
  });

  /** Every other dashboard page: signed in or sent to the sign-in page. */
  const signedIn =
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

  app.get(
    '/dashboard/overview',
    signedIn(async (c, { lang, session, csrf }) => {
      const deps = c.get('deps');
      const plan = await kpiPlan(deps, session.workspaceId, undefined, lang);
      const { month } = plan;
      const [totals] = await sumRollups(deps.analyticsDb, session.workspaceId, [], { from: `${month}-01` });
      const trials = totals ? reached(totals) : 0;
      const rate = (n: number | undefined) => (trials > 0 ? (n ?? 0) / trials : null);
      const data = {
        humanOpenRate: rate(totals?.humanOpens),
        machineOpenRate: rate(totals?.machineOpens),
        clickRate: rate(totals?.humanClicks),
        plan,
        daily: await wonByBusinessDay(deps, session.workspaceId, month, plan.timezone),
      };
      if (c.req.query('format') === 'csv') return csv(c, `overview-${month}`, data.daily);
      return page(c, lang, TEXT[lang].nav.overview, 'overview', csrf, <Overview lang={lang} data={data} />);
    }),
  );

  app.get(
    '/dashboard/campaigns',
    signedIn(async (c, { lang, session, csrf }) => {
      const { data } = await listCampaigns({
        deps: c.get('deps'),
        workspaceId: session.workspaceId,
        limit: 100,
      });
      if (c.req.query('format') === 'csv') {
        return csv(
          c,
          'campaigns',
          data.map((d) => ({ id: d.id, name: d.name, status: d.status, ...d.progress })),
        );
      }
      return page(
        c,
        lang,
        TEXT[lang].nav.campaigns,
        'campaigns',
        csrf,
        <CampaignList lang={lang} campaigns={data} />,
      );
    }),
  );

  app.get(
    '/dashboard/campaigns/:id',
    signedIn(async (c, { lang, session, csrf }) => {
      const deps = c.get('deps');
      const id = c.req.param('id') ?? '';
      if (!UUID_PATTERN.test(id)) throw new ApiError('not_found', 'Campaign not found');
      const report = await campaignReport(deps, session.workspaceId, id, lang);
      if (c.req.query('format') === 'csv') {
        return csv(
          c,
          `campaign-${id}`,
          report.variants.map(({ vsControl: _, ...v }) => v),
        );
      }
      // The outbox is the marketers' (as in the API): rendered mail acts for its recipients.
      const marketer = roleAllows(session.role, 'marketer');
      const outbox = marketer
        ? await listOutbox({ deps, workspaceId: session.workspaceId, campaignId: id, limit: 20 })
        : { data: [] };
      return page(
        c,
        lang,
        report.name,
        'campaigns',
        csrf,
        <CampaignDetail
          lang={lang}
          report={report}
          outbox={outbox.data.map((m) => ({ to: m.to, subject: m.subject }))}
          canTestSend={marketer}
          testSent={testSentOf(c)}
          csrf={csrf}
        />,
      );
    }),
  );

  app.post(
    '/dashboard/campaigns/:id/test-send',
    signedIn(async (c, { session }) => {
      const form = await c.req.parseBody();
      await checkPost(c, session, form);
      if (!roleAllows(session.role, 'marketer'))
        throw new ApiError('forbidden', 'Test sends need a marketer or admin key');
      const campaignId = c.req.param('id') ?? '';
      // The API's own rules: a real campaign id, 1 to 10 valid addresses.
      const input = TestSendRequest.safeParse({
        emails: String(form.emails ?? '')
          .split(',')
          .map((e) => e.trim())
          .filter(Boolean),
      });
      if (!UUID_PATTERN.test(campaignId)) throw new ApiError('not_found', 'Campaign not found');
      if (!input.success) {
        throw new ApiError('validation_failed', 'Give 1 to 10 valid addresses, separated by commas');
      }
      const { emails } = input.data;
      const result = await testSend({
        deps: c.get('deps'),
        actor: {
          workspaceId: session.workspaceId,
          keyId: session.keyId,
          role: session.role,
          requestId: null,
        },
        campaignId,
        emails,
      });
      // Counts only: addresses in a URL would end up in browser history.
      const done = new URLSearchParams({ sent: String(result.sent), skipped: String(result.skipped.length) });
      return c.redirect(`/dashboard/campaigns/${campaignId}?${done}`, 303);
    }),
  );

  app.get(
    '/dashboard/heatmap',
    signedIn(async (c, { lang, session, csrf }) => {
      const deps = c.get('deps');
      const day = (v: string | undefined) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
      const listId = c.req.query('listId');
      const filters = {
        listId: listId && UUID_PATTERN.test(listId) ? listId : undefined,
        from: day(c.req.query('from')),
        to: day(c.req.query('to')),
      };
      const { cells } = await openRates(deps, session.workspaceId, {
        dimension: 'weekdayHour',
        metric: 'human_open',
        ...filters,
      });
      if (c.req.query('format') === 'csv')
        return csv(
          c,
          'heatmap',
          cells.map((cell) => ({ ...cell })),
        );
      const lists = (await listLists({ deps, workspaceId: session.workspaceId })).map((l) => ({
        id: l.id,
        name: l.name,
      }));
      const query = new URL(c.req.url).searchParams;
      query.delete('lang');
      return page(
        c,
        lang,
        TEXT[lang].nav.heatmap,
        'heatmap',
        csrf,
        <Heatmap
          lang={lang}
          cells={cells}
          raw={c.req.query('view') === 'raw'}
          lists={lists}
          filters={filters}
          query={query.toString()}
        />,
      );
    }),
  );

  app.get(
    '/dashboard/recommendations',
    signedIn(async (c, { lang, session, csrf }) => {
      const recs = await recommend(c.get('deps'), session.workspaceId, null);
      if (c.req.query('format') === 'csv')
        return csv(
          c,
          'recommendations',
          recs.slots.best.map((s) => ({ ...s })),
        );
      return page(
        c,
        lang,
        TEXT[lang].nav.recommendations,
        'recommendations',
        csrf,
        <RecommendationsPage lang={lang} recs={recs} />,
      );
    }),
  );

  app.get(
    '/dashboard/kpi',
    signedIn(async (c, { lang, session, csrf }) => {
      const deps = c.get('deps');
      const asked = c.req.query('month');
      const month = asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) ? asked : undefined;
      const plan = await kpiPlan(deps, session.workspaceId, month, lang);
      if (c.req.query('format') === 'csv')
        return csv(
          c,
          `kpi-${plan.month}`,
          plan.sources.map((s) => ({ ...s })),
        );
      return page(c, lang, TEXT[lang].nav.kpi, 'kpi', csrf, <KpiPlanPage lang={lang} plan={plan} />);
    }),
  );
}
