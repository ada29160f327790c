import { type OpenApiDocument, openApiDocument } from '../../http/openapi-document.js';
import type { App } from '../../http/types.js';
import { registerDocs } from './docs.js';
import { registerFavicon } from './favicon.js';
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
  let document: OpenApiDocument | undefined;
  app.get('/openapi.json', (c) => {
    document ??= openApiDocument(app, c.get('deps').config.publicUrl);
    return c.json(document);
  });
  registerDocs(app);
  registerFavicon(app);
}
