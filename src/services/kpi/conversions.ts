import { z } from '@hono/zod-openapi';
import { type ConversionItem, upsertConversions } from '../../db/queries/conversions.js';
import type { Deps } from '../../deps.js';
import { uuidv7 } from '../../lib/ids.js';
import { line } from '../../lib/text.js';

export const MAX_CONVERSIONS = 10_000;

export const ConversionInput = z
  .object({
    type: z.enum(['meeting', 'won']),
    contactId: z.uuid().optional(),
    email: z
      .email()
      .max(254)
      .transform((e) => e.trim().toLowerCase())
      .optional(),
    occurredAt: z.iso.datetime({ offset: true }),
    amount: z.number().nonnegative().max(1e12).optional().openapi({ description: 'Deal value; won only' }),
    externalId: line()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .openapi({ description: 'The CRM’s id: sending it again updates the conversion, never duplicates it' }),
  })
  .strict()
  .refine((c) => (c.contactId === undefined) !== (c.email === undefined), {
    message: 'give exactly one of contactId and email',
    path: ['contactId'],
  })
  .refine((c) => c.amount === undefined || c.type === 'won', {
    message: 'only a won deal has an amount',
    path: ['amount'],
  });
export type ConversionInput = z.infer<typeof ConversionInput>;

export interface ConversionResult {
  created: number;
  updated: number;
  /** Stored conversions credited to a campaign (a human open or click inside the attribution window). */
  attributed: number;
  errors: { index: number; path: string; reason: string }[];
}

/**
 * Records meetings and won deals in bulk. Each is credited to the contact's most recent campaign with a human
 * open or click in the workspace's attribution window before it; a repeated externalId updates the stored
 * conversion. Rows that fail come back with their index; the others are stored, all in one statement.
 */
export async function recordConversions({
  deps,
  workspaceId,
  rows,
}: {
  deps: Deps;
  workspaceId: string;
  rows: unknown[];
}): Promise<ConversionResult> {
  const errors: ConversionResult['errors'] = [];
  const valid: { index: number; input: ConversionInput }[] = [];
  rows.forEach((row, index) => {
    const parsed = ConversionInput.safeParse(row);
    if (parsed.success) valid.push({ index, input: parsed.data });
    else
      for (const issue of parsed.error.issues)
        errors.push({ index, path: issue.path.join('.'), reason: issue.message });
  });
  // One row per CRM id and type: the last one sent wins, the earlier ones are reported.
  const last = new Map<string, number>();
  valid.forEach(({ input }, i) => {
    if (input.externalId) last.set(`${input.type}/${input.externalId}`, i);
  });
  const kept = valid.filter(({ index, input }, i) => {
    const key = `${input.type}/${input.externalId}`;
    if (!input.externalId || last.get(key) === i) return true;
    errors.push({
      index,
      path: 'externalId',
      reason: 'repeated later in this request, which is used instead',
    });
    return false;
  });
  const now = deps.clock.now();
  const items: ConversionItem[] = kept.map(({ index, input }) => ({
    index,
    id: uuidv7(now.getTime()),
    type: input.type,
    contact_id: input.contactId ?? null,
    email: input.email ?? null,
    occurred_at: input.occurredAt,
    amount: input.amount ?? null,
    external_id: input.externalId ?? null,
  }));
  const stored = await upsertConversions(deps.db, workspaceId, items, now);
  const byIndex = new Map(items.map((item) => [item.index, item]));
  for (const row of stored.filter((r) => r.outcome === 'unknown')) {
    // Name the field the row identified its contact by.
    errors.push(
      byIndex.get(row.index)?.email === null
        ? { index: row.index, path: 'contactId', reason: 'no contact with this id in this workspace' }
        : { index: row.index, path: 'email', reason: 'no contact with this email address in this workspace' },
    );
  }
  const done = stored.filter((r) => r.outcome !== 'unknown');
  return {
    created: done.filter((r) => r.outcome === 'created').length,
    updated: done.filter((r) => r.outcome === 'updated').length,
    attributed: done.filter((r) => r.campaign_id !== null).length,
    errors: errors.sort((a, b) => a.index - b.index),
  };
}
