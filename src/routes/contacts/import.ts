import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../../errors.js';
import { authed, errorResponses, jsonBody, jsonContent } from '../../http/openapi.js';
import type { App } from '../../http/types.js';
import { importContacts, MAX_CONTACTS_PER_IMPORT } from '../../services/contacts/import-contacts.js';
import { ContactInputDoc } from './schemas.js';

// Rows are checked one by one in the service, so one bad row never sinks the batch; the doc shows their shape.
export const ImportContactsRequest = z
  .object({
    contacts: z
      .array(z.unknown())
      .min(1)
      .max(MAX_CONTACTS_PER_IMPORT)
      .openapi({ type: 'array', items: { $ref: '#/components/schemas/ContactInput' } }),
  })
  .strict()
  .openapi('ImportContactsRequest');

const RowError = z.object({
  index: z.number().int().openapi({ description: 'Position of the row in `contacts`, from 0', example: 3 }),
  path: z.string().openapi({
    description: 'The field at fault, dotted (empty for the row as a whole)',
    example: 'consent',
  }),
  reason: z.string().openapi({
    description: 'Why the row was refused',
    example: 'a new contact needs consent { source, at }',
  }),
});

export const ImportContactsResponse = z
  .object({
    created: z
      .number()
      .int()
      .openapi({ description: 'Rows stored as new contacts (createdSuppressed among them)', example: 120 }),
    updated: z
      .number()
      .int()
      .openapi({ description: 'Rows that updated the contact already holding their address', example: 8 }),
    createdSuppressed: z.number().int().openapi({
      description:
        'New contacts stored as unsubscribed/bounced/complained because their address is suppressed',
      example: 2,
    }),
    errors: z.array(RowError).openapi({
      description:
        'One entry per problem, in row order. A row repeating an earlier row’s address is used instead of it; ' +
        'the earlier row is listed here',
    }),
  })
  .openapi('ImportContactsResponse');

export const route = createRoute(
  authed('marketer', {
    method: 'post',
    path: '/v1/contacts',
    operationId: 'importContacts',
    tags: ['Contacts'],
    summary: 'Import contacts: bulk upsert by email, 1 to 10,000 per call',
    description:
      'Valid rows are stored; invalid ones come back in `errors` with their index and reason. ' +
      'Fields a row leaves out keep their stored values; attributes merge. A contact’s status is never changed ' +
      'by an import.',
    request: { body: jsonBody(ImportContactsRequest) },
    responses: {
      200: jsonContent(ImportContactsResponse, 'What was stored, and each refused row'),
      ...errorResponses(400, 413, 415, 422),
    },
  }),
);

export function registerImportContacts(app: App) {
  app.openAPIRegistry.register('ContactInput', ContactInputDoc);
  app.openapi(route, async (c) => {
    const { contacts } = c.req.valid('json');
    const result = await importContacts({
      deps: c.get('deps'),
      workspaceId: c.get('auth').workspaceId,
      rows: contacts,
    });
    if (result.created + result.updated === 0) {
      throw new ApiError('unprocessable', 'No row could be stored', result.errors);
    }
    return c.json(result, 200);
  });
}
