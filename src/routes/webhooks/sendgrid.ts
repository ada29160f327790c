import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../../errors.js';
import { errorResponses, jsonContent, publicRoute } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { ingestProviderEvents } from '../../services/sendgrid/ingest-provider-events.js';
import { webhookKeysOf } from '../../services/sendgrid/settings.js';
import {
  checkWebhookSignature,
  SIGNATURE_HEADER,
  type SignatureCheck,
  TIMESTAMP_HEADER,
} from '../../services/sendgrid/webhook-signature.js';

export const WEBHOOK_BODY_LIMIT = 5 * 1024 * 1024;

const refusals: Record<Exclude<SignatureCheck, 'valid'>, string> = {
  missing: `Signed requests only: ${SIGNATURE_HEADER} and ${TIMESTAMP_HEADER} are required`,
  malformed: 'The signature or timestamp header is malformed',
  stale: 'The signature timestamp is more than 24 hours old, or in the future',
  invalid: 'The signature does not match this workspace’s webhook verification keys',
};

const IngestResult = z
  .object({
    received: z.number().int().openapi({ description: 'Events in the posted batch', example: 500 }),
    stored: z.number().int().openapi({
      description:
        'Events stored for the first time: matched to a message, unmatched, test sends or kept raw',
      example: 497,
    }),
    duplicates: z.number().int().openapi({
      description: 'Events stored already (a SendGrid re-delivery) or repeated within the batch: skipped',
      example: 2,
    }),
    ignored: z.number().int().openapi({
      description: 'Events naming a message id that is not one of this workspace’s messages: dropped',
      example: 1,
    }),
    unmatched: z
      .number()
      .int()
      .openapi({ description: 'Stored without a message: mail sent outside Kaifu', example: 0 }),
    testSends: z
      .number()
      .int()
      .openapi({ description: 'Stored without a message: events of test sends', example: 0 }),
    keptRaw: z
      .number()
      .int()
      .openapi({
        description:
          'Stored raw, with the address only as its hash and no IP or user agent: an unknown event type, or a ' +
          'known one that failed its checks',
        example: 0,
      }),
    suppressed: z.number().int().openapi({
      description: 'Addresses newly suppressed: hard bounces, complaints, unsubscribes, SendGrid drops',
      example: 3,
    }),
  })
  .openapi('WebhookIngestResult');

export const route = createRoute(
  publicRoute({
    method: 'post',
    path: '/webhooks/sendgrid/{workspaceId}',
    operationId: 'receiveSendgridEvents',
    tags: ['Webhooks'],
    summary: 'SendGrid Event Webhook (signed)',
    description:
      'Verifies the ECDSA signature over timestamp + raw body before parsing; accepts timestamps up to 24 h old ' +
      '(SendGrid retries for 24 h; each sg_event_id is stored once). Answers 2xx only after the batch is ' +
      'committed, 503 while the database is unavailable so SendGrid retries. Body cap 5 MiB.',
    // Documented, not validated here: the body must not be parsed before the signature is checked.
    request: {
      params: z.object({ workspaceId: z.uuid() }),
      body: { content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } } } },
    },
    responses: {
      200: jsonContent(IngestResult, 'Stored'),
      ...errorResponses(400, 401, 413, 503),
    },
  }),
);

export function registerSendgridWebhook(app: App) {
  app.openapi(route, async (c) => {
    const deps = c.get('deps');
    const { workspaceId } = c.req.valid('param');
    const rawBody = await c.req.text();
    const check = await checkWebhookSignature({
      keys: await webhookKeysOf({ deps, workspaceId }),
      signature: c.req.header(SIGNATURE_HEADER),
      timestamp: c.req.header(TIMESTAMP_HEADER),
      rawBody,
      now: deps.clock.now(),
    });
    if (check !== 'valid') throw new ApiError('unauthorized', refusals[check]);
    let batch: unknown;
    try {
      batch = JSON.parse(rawBody);
    } catch {
      throw new ApiError('bad_request', 'Malformed JSON in request body');
    }
    if (!Array.isArray(batch))
      throw new ApiError('validation_failed', 'The body must be a JSON array of events');
    return c.json(await ingestProviderEvents({ deps, workspaceId, batch }), 200);
  });
}
