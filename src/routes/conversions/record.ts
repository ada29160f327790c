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
          created: z.number().int().openapi({ description: 'Conversions stored new', example: 118 }),
          updated: z.number().int().openapi({
            description: 'Conversions that replaced one stored with the same type and externalId',
            example: 4,
          }),
          attributed: z
            .number()
            .int()
            .openapi({
              description:
                'Of those stored, how many were credited to a campaign (a human open or click inside the ' +
                'attribution window before it); the rest count as unattributed',
              example: 97,
            }),
          errors: z
            .array(
              z.object({
                index: z
                  .number()
                  .int()
                  .openapi({ description: 'The row’s position in conversions, from 0', example: 3 }),
                path: z.string().openapi({
                  description:
                    'The field at fault, dotted (`contactId` also for an address that matches no contact); ' +
                    'empty for the row as a whole',
                  example: 'occurredAt',
                }),
                reason: z
                  .string()
                  .openapi({ description: 'What is wrong, in English', example: 'Invalid ISO datetime' }),
              }),
            )
            .openapi({ description: 'The rows not stored, in index order; a row may have several' }),
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
