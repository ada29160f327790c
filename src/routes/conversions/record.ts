import { createRoute, z } from '@hono/zod-openapi';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { MAX_CONVERSIONS, recordConversions } from '../../services/kpi/conversions.js';

const RecordConversionsRequest = z
  .object({
    conversions: z.array(z.unknown()).min(1).max(MAX_CONVERSIONS).openapi({ type: 'array', items: {} }),
  })
  .strict()
  .openapi('RecordConversionsRequest', {
    description:
      `Up to ${MAX_CONVERSIONS} at a time, each {type: meeting|won, contactId or email, occurredAt, amount (won), ` +
      'externalId}; every row is checked alone.',
  });

export const route = createRoute(
  authed('marketer', {
    method: 'post',
    path: '/v1/conversions',
    operationId: 'recordConversions',
    tags: ['KPI'],
    summary: 'Record meetings (商談化) and won deals (受注) from the CRM, in bulk',
    description:
      'Each is credited to the contact’s most recent campaign with a human open or click within the workspace’s ' +
      'attribution window (attributionDays, default 30). A repeated externalId (per type) updates, never duplicates. ' +
      'Rows that fail come back in errors with their index; the others are stored.',
    request: { body: jsonBody(RecordConversionsRequest) },
    responses: {
      200: jsonContent(
        z.object({
          created: z.number().int(),
          updated: z.number().int(),
          attributed: z.number().int(),
          errors: z.array(z.object({ index: z.number().int(), path: z.string(), reason: z.string() })),
        }),
        'What was stored',
      ),
      ...errorResponses(400, 413, 415),
    },
  }),
);

export function registerRecordConversions(app: App) {
  app.openapi(route, async (c) => {
    const result = await recordConversions({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      rows: c.req.valid('json').conversions,
    });
    return c.json(result, 200);
  });
}
