import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { registerDashboard } from './dashboard/routes.js';
import type { Deps } from './deps.js';
import { ApiError } from './errors.js';
import { onError, onNotFound, validationHook } from './http/errors.js';
import { authenticate } from './http/middleware/authenticate.js';
import { keepJsonText } from './http/middleware/keep-json-text.js';
import { detectLanguage } from './http/middleware/language.js';
import { pageHeaders } from './http/middleware/page-headers.js';
import { refuseControlCharacters } from './http/middleware/refuse-control-characters.js';
import type { App, AppEnv } from './http/types.js';
import { registerAnalysisRoutes } from './routes/analysis/index.js';
import { registerListAuditLog } from './routes/audit-log/list.js';
import { registerCampaignRoutes } from './routes/campaigns/index.js';
import { registerContactRoutes } from './routes/contacts/index.js';
import { registerRecordConversions } from './routes/conversions/record.js';
import { registerKeyRoutes } from './routes/keys/index.js';
import { registerKpiRoutes } from './routes/kpi/index.js';
import { registerListRoutes } from './routes/lists/index.js';
import { registerSuppressionRoutes } from './routes/suppressions/index.js';
import { registerSystemRoutes } from './routes/system/index.js';
import { registerTrackingRoutes } from './routes/tracking/index.js';
import { registerSendgridWebhook, WEBHOOK_BODY_LIMIT } from './routes/webhooks/sendgrid.js';
import { registerWorkspaceRoutes } from './routes/workspace/index.js';

export const API_BODY_LIMIT = 10 * 1024 * 1024;
/** Dashboard forms are a key or a few addresses. */
const DASHBOARD_BODY_LIMIT = 64 * 1024;

const limitBody = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError('payload_too_large', `Request bodies here are limited to ${maxSize} bytes`);
    },
  });

/**
 * The whole Kaifu HTTP app, runtime-neutral. Deps come ready-made (Node, tests) or from a per-request factory
 * (Workers, where bindings and clients belong to the request).
 */
export function createApp(deps: Deps | ((c: Context<AppEnv>) => Deps)): App {
  const app: App = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use(async (c, next) => {
    c.set('deps', typeof deps === 'function' ? deps(c) : deps);
    await next();
  });
  // Tracking first, before request ids and request logs: a newsletter burst hits these hardest, and a log line
  // per pixel would be millions of lines of nothing.
  registerTrackingRoutes(app);
  app.use(requestId());
  app.use(detectLanguage);
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Route patterns, never raw paths: tracking paths carry tokens.
    c.get('deps').log.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
    });
    const { counters } = c.get('deps');
    counters?.add('kaifu_http_requests_total', 1, { route: c.req.routePath, status: String(c.res.status) });
    counters?.observeRequest(c.req.routePath, (performance.now() - started) / 1000);
  });
  app.use('/v1/*', authenticate);
  app.use('/v1/*', refuseControlCharacters);
  app.use('/v1/*', limitBody(API_BODY_LIMIT));
  app.use('/v1/*', keepJsonText);
  app.use('/webhooks/*', limitBody(WEBHOOK_BODY_LIMIT));
  app.use('/dashboard/*', pageHeaders('same-origin'));
  app.use('/dashboard/*', refuseControlCharacters);
  app.use('/dashboard/*', limitBody(DASHBOARD_BODY_LIMIT));

  registerSystemRoutes(app);
  registerWorkspaceRoutes(app);
  registerKeyRoutes(app);
  registerListAuditLog(app);
  registerContactRoutes(app);
  registerListRoutes(app);
  registerSuppressionRoutes(app);
  registerCampaignRoutes(app);
  registerAnalysisRoutes(app);
  registerRecordConversions(app);
  registerKpiRoutes(app);
  registerDashboard(app);
  registerSendgridWebhook(app);

  app.onError(onError);
  app.notFound(onNotFound);
  return app;
}
