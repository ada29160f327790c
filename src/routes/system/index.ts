import { swaggerUI } from '@hono/swagger-ui';
import type { App } from '../../http/types.js';
import { registerHealthz } from './healthz.js';
import { registerMetrics } from './metrics.js';

export function registerSystemRoutes(app: App) {
  registerHealthz(app);
  registerMetrics(app);
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key: `Authorization: Bearer kf_…`',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'metricsToken', {
    type: 'http',
    scheme: 'bearer',
    description: 'The operator’s KAIFU_METRICS_TOKEN (not a workspace key: metrics span workspaces)',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Kaifu API',
      version: '0.1.0',
      description:
        'Email campaign analytics for inside-sales nurture newsletters. Errors always answer ' +
        '`{ "error": { "code", "message", "requestId", "details"? } }`; creating POSTs accept `Idempotency-Key`.',
    },
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json', title: 'Kaifu API' }));
}
