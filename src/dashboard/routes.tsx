import { deleteCookie, setCookie } from 'hono/cookie';
import { ApiError } from '../errors.js';
import type { App } from '../http/types.js';
import { localDate } from '../lib/time-zones.js';
import { campaignReport } from '../services/analysis/campaign-report.js';
import { openRates } from '../services/analysis/open-rates.js';
import { recommend } from '../services/analysis/recommendations.js';
import { getCampaign, listCampaigns } from '../services/campaigns/read-campaigns.js';
import { authenticateKey } from '../services/keys/authenticate-key.js';
import { roleAllows } from '../services/keys/roles.js';
import { monthFunnels } from '../services/kpi/funnel.js';
import { monthOverview } from '../services/kpi/month-overview.js';
import { pickableMonths } from '../services/kpi/pace.js';
import { kpiPlan } from '../services/kpi/plan.js';
import { listLists } from '../services/lists/lists.js';
import { listOutbox } from '../services/sending/outbox.js';
import { testSend } from '../services/sending/test-send.js';
import { DASHBOARD_TEXT } from '../text/index.js';
import { CampaignPath, HeatmapQuery, KpiQuery, SignInForm, TestSendForm, wantsCsv } from './forms.js';
import { CampaignDetail } from './pages/campaign.js';
import { CampaignList } from './pages/campaigns.js';
import { Heatmap } from './pages/heatmap.js';
import { KpiPlanPage } from './pages/kpi.js';
import { Overview } from './pages/overview.js';
import { RecommendationsPage } from './pages/recommendations.js';
import { SignIn } from './pages/sign-in.js';
import {
  type C,
  checkPost,
  csv,
  languageOf,
  page,
  refuseCrossSite,
  SESSION_COOKIE,
  secure,
  sessionOf,
  signedIn,
  testSentOf,
} from './request.js';
import { endSession, issueSession, SESSION_HOURS } from './session.js';

/** A campaign named in the path, or 404 as the API answers for an id that is not one. */
function campaignIdOf(c: C): string {
  const path = CampaignPath.safeParse({ id: c.req.param('id') });
  if (!path.success) throw new ApiError('not_found', 'Campaign not found');
  return path.data.id;
}

/**
 * /dashboard: server-rendered pages for inside-sales leads, readable without JavaScript. Signing in with an API
 * key (analyst and above) sets a signed, HttpOnly, SameSite=Lax session cookie; every form carries a token
 * derived from the session, and cross-site posts are refused. Each handler reads its input through forms.ts,
 * calls services and renders a page of pages/.
 */
export function registerDashboard(app: App) {
  app.get('/dashboard', (c) => c.redirect('/dashboard/overview', 303));

  app.get('/dashboard/sign-in', (c) => {
    const lang = languageOf(c);
    return page(
      c,
      lang,
      DASHBOARD_TEXT[lang].signIn,
      undefined,
      undefined,
      <SignIn lang={lang} failed={false} />,
    );
  });

  app.post('/dashboard/sign-in', async (c) => {
    const lang = languageOf(c);
    const deps = c.get('deps');
    refuseCrossSite(c);
    const { key } = SignInForm.parse(await c.req.parseBody());
    const auth = key ? await authenticateKey({ deps, presented: key }).catch(() => null) : null;
    if (!auth || !roleAllows(auth.role, 'analyst')) {
      c.status(401);
      return page(
        c,
        lang,
        DASHBOARD_TEXT[lang].signIn,
        undefined,
        undefined,
        <SignIn lang={lang} failed={true} />,
      );
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
      await endSession({ deps: c.get('deps'), session });
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/dashboard' });
    return c.redirect('/dashboard/sign-in', 303);
  });

  app.get(
    '/dashboard/overview',
    signedIn(async (c, { lang, session, csrf }) => {
      const data = await monthOverview({ deps: c.get('deps'), workspaceId: session.workspaceId, lang });
      if (wantsCsv(c.req.query())) return csv(c, `overview-${data.plan.month}`, data.daily);
      return page(
        c,
        lang,
        DASHBOARD_TEXT[lang].nav.overview,
        'overview',
        csrf,
        <Overview lang={lang} data={data} />,
      );
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
      if (wantsCsv(c.req.query())) {
        return csv(
          c,
          'campaigns',
          data.map((d) => ({ id: d.id, name: d.name, status: d.status, ...d.progress })),
        );
      }
      return page(
        c,
        lang,
        DASHBOARD_TEXT[lang].nav.campaigns,
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
      const id = campaignIdOf(c);
      const report = await campaignReport({ deps, workspaceId: session.workspaceId, campaignId: id, lang });
      if (wantsCsv(c.req.query())) {
        return csv(
          c,
          `campaign-${id}`,
          report.variants.map(({ vsControl: _, ...v }) => v),
        );
      }
      const { test } = await getCampaign({ deps, workspaceId: session.workspaceId, campaignId: id });
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
          abTest={test !== null}
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
      const campaignId = campaignIdOf(c);
      const input = TestSendForm.safeParse(form);
      if (!input.success) {
        throw new ApiError('validation_failed', 'Give 1 to 10 valid addresses, separated by commas');
      }
      const result = await testSend({
        deps: c.get('deps'),
        actor: {
          workspaceId: session.workspaceId,
          keyId: session.keyId,
          role: session.role,
          requestId: null,
        },
        campaignId,
        emails: input.data.emails,
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
      const { view, ...filters } = HeatmapQuery.parse(c.req.query());
      const { cells, denominator } = await openRates({
        deps,
        workspaceId: session.workspaceId,
        query: {
          dimension: 'weekdayHour',
          metric: 'human_open',
          ...filters,
        },
      });
      if (wantsCsv(c.req.query()))
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
        DASHBOARD_TEXT[lang].nav.heatmap,
        'heatmap',
        csrf,
        <Heatmap
          lang={lang}
          cells={cells}
          denominator={denominator}
          raw={view === 'raw'}
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
      const recs = await recommend({ deps: c.get('deps'), workspaceId: session.workspaceId, listId: null });
      if (wantsCsv(c.req.query()))
        return csv(
          c,
          'recommendations',
          recs.slots.best.map((s) => ({ ...s })),
        );
      return page(
        c,
        lang,
        DASHBOARD_TEXT[lang].nav.recommendations,
        'recommendations',
        csrf,
        <RecommendationsPage lang={lang} recs={recs} />,
      );
    }),
  );

  app.get(
    '/dashboard/kpi',
    signedIn(async (c, { lang, session, csrf }) => {
      const { month } = KpiQuery.parse(c.req.query());
      const deps = c.get('deps');
      const plan = await kpiPlan({ deps, workspaceId: session.workspaceId, asked: month, lang });
      if (wantsCsv(c.req.query()))
        return csv(
          c,
          `kpi-${plan.month}`,
          plan.sources.map((s) => ({ ...s })),
        );
      return page(
        c,
        lang,
        DASHBOARD_TEXT[lang].nav.kpi,
        'kpi',
        csrf,
        <KpiPlanPage
          lang={lang}
          plan={plan}
          funnels={await monthFunnels({ deps, workspaceId: session.workspaceId, month: plan.month })}
          months={pickableMonths(localDate(deps.clock.now(), plan.timezone).slice(0, 7), plan.month)}
        />,
      );
    }),
  );
}
