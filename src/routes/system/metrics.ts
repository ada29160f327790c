import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../../errors';
import { errorResponses } from '../../http/openapi';
import type { App } from '../../http/types';
import { renderMetrics } from '../../services/operations/metrics';

export const route = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['Operations'],
  summary: 'Prometheus metrics (Bearer KAIFU_METRICS_TOKEN when that is set)',
  responses: {
    200: { description: 'Prometheus text format', content: { 'text/plain': { schema: z.string() } } },
    ...errorResponses(401, 503),
  },
});

export function registerMetrics(app: App) {
  app.openapi(route, async (c) => {
    const { config } = c.get('deps');
    if (config.metricsToken && c.req.header('authorization') !== `Bearer ${config.metricsToken}`) {
      throw new ApiError('unauthorized', 'Send KAIFU_METRICS_TOKEN as a Bearer token');
    }
    return c.text(await renderMetrics(c.get('deps')), 200, {
      'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
    });
  });
}
