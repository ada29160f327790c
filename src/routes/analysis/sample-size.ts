import { createRoute } from '@hono/zod-openapi';
import { langOf } from '../../http/middleware/language.js';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { planSampleSize } from '../../services/experiments/plan-sample-size.js';
import { SampleSizeRequest, SampleSizeResponse } from './schemas.js';

export const route = createRoute(
  authed('analyst', {
    method: 'post',
    path: '/v1/analysis/sample-size',
    operationId: 'planSampleSize',
    tags: ['Analysis'],
    summary: 'Plan sends per variant for a test',
    description:
      'Two-sided; with more than two variants alpha is split over the comparisons with the control (Bonferroni).',
    request: { body: jsonBody(SampleSizeRequest) },
    responses: {
      200: jsonContent(SampleSizeResponse, 'The plan'),
      ...errorResponses(400, 413, 415),
    },
  }),
);

export function registerPlanSampleSize(app: App) {
  app.openapi(route, (c) => c.json(planSampleSize(c.req.valid('json'), langOf(c)), 200));
}
