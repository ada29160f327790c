import type { App } from '../../http/types.js';

/**
 * Swagger UI's files, from the swagger-ui-dist package: served by Kaifu itself (Node: src/node/docs-assets.ts;
 * Workers: Static Assets copied by scripts/docs-assets.mjs), so the reference works without internet.
 */
export const DOCS_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};
export const DOCS_ASSETS_PATH = '/docs/assets';

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kaifu API</title>
<link rel="stylesheet" href="${DOCS_ASSETS_PATH}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_ASSETS_PATH}/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });</script>
</body>
</html>
`;

/** The API reference page: Swagger UI over /openapi.json, every byte from this server. */
export function registerDocs(app: App) {
  app.get('/docs', (c) => c.html(PAGE));
}
