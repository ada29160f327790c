import type { App } from './types.js';

export type OpenApiDocument = ReturnType<App['getOpenAPI31Document']>;

/**
 * The API's OpenAPI 3.1 document, built from the routes' own schemas. Building walks every schema, so it is
 * done once per app (that is, per process or Worker isolate), on first request, when every route is registered.
 */
export function openApiDocument(app: App, publicUrl: string): OpenApiDocument {
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Kaifu API',
      version: '0.1.0',
      description:
        'Email campaign analytics for inside-sales nurture newsletters. Errors always answer ' +
        '`{ "error": { "code", "message", "requestId", "details"? } }`; authenticated POSTs accept ' +
        '`Idempotency-Key`.',
      license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
    },
    servers: [{ url: publicUrl, description: 'This Kaifu (KAIFU_PUBLIC_URL)' }],
  });
}
