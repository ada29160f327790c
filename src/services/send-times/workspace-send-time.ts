// zod as @hono/zod-openapi extends it: routes add .openapi() to these schemas, whatever loads first.
import { z } from '@hono/zod-openapi';

/** The time the team sends at without Kaifu: an `optimized` schedule's holdout keeps it. */
export const UsualSendTime = z
  .object({
    weekday: z.number().int().min(0).max(6).nullable().openapi({
      description: 'Local weekday (0 = Sunday … 6 = Saturday); null: whichever day comes first',
      example: 2,
    }),
    hour: z.number().int().min(0).max(23).openapi({ description: 'Local hour, 0–23', example: 10 }),
  })
  .strict();

/** A workspace's defaults for how optimized schedules learn. */
export const WorkspaceSendTime = z
  .object({
    explorationShare: z.number().min(0).max(0.5).openapi({
      description: 'Share of an optimized schedule’s recipients that explore other slots (0 turns it off)',
      example: 0.1,
    }),
    holdoutShare: z.number().min(0).max(0.5).openapi({
      description:
        'Share of an optimized schedule’s recipients held out, sent as without Kaifu (0 turns it off)',
      example: 0.1,
    }),
    usual: UsualSendTime.nullable().openapi({
      description:
        'When the team sends without Kaifu, in each recipient’s zone; null: at the schedule’s `from`',
    }),
  })
  .strict();
export type WorkspaceSendTime = z.infer<typeof WorkspaceSendTime>;

export const DEFAULT_SEND_TIME: WorkspaceSendTime = { explorationShare: 0.1, holdoutShare: 0.1, usual: null };
