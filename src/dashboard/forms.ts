import { z } from 'zod';
import { TestSendRequest } from '../routes/campaigns/test-send.js';

/**
 * What the dashboard's forms and links may carry, checked with zod as the API checks its bodies. Query filters
 * are lenient — a malformed one is dropped, as a hand-edited URL should not break the page — while posted
 * forms are strict.
 */

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const CampaignPath = z.object({ id: z.uuid() });

export const SignInForm = z.object({ key: z.string().trim().catch('') });

export const TestSendForm = z.object({
  // Comma separated in the form; the API's own rules after that: 1 to 10 valid addresses.
  emails: z
    .string()
    .catch('')
    .transform((text) =>
      text
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean),
    )
    .pipe(TestSendRequest.shape.emails),
});

export const HeatmapQuery = z.object({
  listId: optional(z.uuid()),
  from: optional(Day),
  to: optional(Day),
  view: optional(z.enum(['raw'])),
});

export const KpiQuery = z.object({ month: optional(z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/)) });

/** `?format=csv` downloads the page's table. */
export const wantsCsv = (query: Record<string, string>) => query.format === 'csv';
