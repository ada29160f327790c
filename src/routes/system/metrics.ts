import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../../errors.js';
import { errorResponses } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { secretsEqual } from '../../lib/crypto.js';
import { renderMetrics } from '../../services/operations/metrics.js';

export const route = createRoute({
  method: 'get',
  path: '/metrics',
  operationId: 'getMetrics',
  tags: ['Operations'],
  summary: 'Prometheus metrics (Bearer KAIFU_METRICS_TOKEN)',
  description:
    'Counts across every workspace, so no workspace key opens them: the operator sets KAIFU_METRICS_TOKEN and ' +
    'the scraper sends it as a Bearer token. Without KAIFU_METRICS_TOKEN the endpoint stays closed.',
  security: [{ metricsToken: [] }],
  responses: {
    200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } },
    ...errorResponses(401, 503),
  },
});

export function registerMetrics(app: App) {
  app.openapi(route, async (c) => {
    const deps = c.get('deps');
    const expected = deps.config.metricsToken;
    if (!expected) {
      throw new ApiError(
        'unauthorized',
        'Metrics are closed: set KAIFU_METRICS_TOKEN and send it as a Bearer token',
      );
    }
    const presented = /^Bearer (\S+)$/.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (!(await secretsEqual(presented, expected))) {
      throw new ApiError('unauthorized', 'Send KAIFU_METRICS_TOKEN as a Bearer token', undefined, {
        'WWW-Authenticate': 'Bearer',
      });
    }
    return c.text(await renderMetrics({ deps }), 200, {
      'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
    });
  });
}
