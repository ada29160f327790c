import { z } from '@hono/zod-openapi';

/** Shapes the KPI endpoints share. */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

export const Targets = z
  .object({
    wonTarget: z.number().int().min(0).max(1_000_000).nullable(),
    openRateTarget: z.number().gt(0).lt(1).nullable().default(null),
    defaultMeetingRate: z.number().gt(0).max(1).nullable().default(null),
    defaultWinRate: z.number().gt(0).max(1).nullable().default(null),
  })
  .strict()
  .openapi('KpiTargets');
