// zod as @hono/zod-openapi extends it: routes add .openapi() to these schemas, whatever loads first.
import { z } from '@hono/zod-openapi';
import { leadSources } from '../../db/schema/index.js';
import { line, lines } from '../../lib/text.js';
import { isIanaTimezone, TIMEZONE_RULE } from '../../lib/time-zones.js';

const AttributeValue = z.union([lines().max(1000), z.number(), z.boolean(), z.null()]);

/** One contact as importers send it; each row of a bulk import is checked on its own. */
export const ContactInput = z
  .object({
    // Trimmed and lowercased before the address is checked: spreadsheets pad cells.
    email: z.string().trim().toLowerCase().max(254).check(z.email()),
    name: line().trim().max(200).nullish(),
    company: line().trim().max(200).nullish(),
    timezone: z.string().refine(isIanaTimezone, TIMEZONE_RULE).nullish(),
    leadSource: z.enum(leadSources).nullish(),
    consent: z
      .object({
        source: line().trim().min(1).max(200),
        at: z.iso.datetime({ offset: true }),
      })
      .strict()
      .nullish(),
    attributes: z
      .record(
        z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'attribute names are identifiers'),
        AttributeValue,
      )
      .refine((a) => Object.keys(a).length <= 50, 'at most 50 attributes')
      .optional(),
  })
  .strict();

export type ContactInput = z.infer<typeof ContactInput>;
