import { z } from '@hono/zod-openapi';
import type { App } from '../../http/types.js';

const Token = z.object({
  token: z
    .string()
    .openapi({ description: 'The signed token Kaifu put in the message; opaque to everyone else' }),
});
const html = (description: string) => ({
  description,
  content: { 'text/html': { schema: { type: 'string' as const } } },
});
const common = { tags: ['Recipients'], security: [], request: { params: Token } };

/**
 * The recipient-facing routes, in the document for completeness (and so generated clients know they need no
 * key). They are registered as plain Hono handlers, not validated routes: the pixel is the hottest path there is.
 */
export function documentTrackingRoutes(app: App) {
  app.openAPIRegistry.registerPath({
    ...common,
    method: 'get',
    path: '/t/o/{token}',
    operationId: 'trackOpen',
    summary: 'The open pixel: always a 1×1 GIF, whatever the token; a valid GET records an open',
    responses: {
      200: {
        description: 'The transparent GIF, never cached',
        content: { 'image/gif': { schema: { type: 'string', format: 'binary' } } },
      },
    },
  });
  app.openAPIRegistry.registerPath({
    ...common,
    method: 'get',
    path: '/t/c/{token}',
    operationId: 'trackClick',
    summary: 'A tracked link: records the click and redirects to the campaign’s stored link',
    responses: {
      302: {
        description: 'To the link, as stored with the campaign (never to a URL taken from the request)',
        headers: {
          Location: { description: 'The link’s target', schema: { type: 'string', format: 'uri' } },
        },
      },
      404: html('A page saying the link is not valid; nothing is recorded'),
    },
  });
  app.openAPIRegistry.registerPath({
    ...common,
    method: 'get',
    path: '/u/{token}',
    operationId: 'showUnsubscribe',
    summary: 'The unsubscribe page: asks to confirm and changes nothing (link scanners follow every link)',
    responses: { 200: html('The confirmation page'), 404: html('A page saying the link is not valid') },
  });
  app.openAPIRegistry.registerPath({
    ...common,
    method: 'post',
    path: '/u/{token}',
    operationId: 'unsubscribe',
    summary: 'RFC 8058 one-click unsubscribe (List-Unsubscribe-Post), or the page’s button',
    responses: { 200: html('The page saying it is done'), 404: html('A page saying the link is not valid') },
  });
}
