import { createRoute } from '@hono/zod-openapi';
import { langOf } from '../../http/middleware/language.js';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { compareVariants } from '../../services/experiments/compare-variants.js';
import { CompareRequest, CompareResponse } from './schemas.js';

export const route = createRoute(
  authed('analyst', {
    method: 'post',
    path: '/v1/analysis/compare',
    operationId: 'compareVariants',
    tags: ['Analysis'],
    summary: 'Compare variants from their counts',
    description:
      'Rates with Wilson intervals, the chi-square test, z-tests against the first variant (the control) with ' +
      'Benjamini–Hochberg adjustment, probability to be best and expected loss, and a sample-ratio-mismatch ' +
      'check when expectedSplit is given. Notes are in Japanese when Accept-Language starts with ja.',
    request: { body: jsonBody(CompareRequest) },
    responses: {
      200: jsonContent(CompareResponse, 'The comparison'),
      ...errorResponses(400, 413, 415),
    },
  }),
);

export function registerCompareVariants(app: App) {
  app.openapi(route, (c) => c.json(compareVariants(c.req.valid('json'), langOf(c)), 200));
}
