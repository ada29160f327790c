import { z } from 'zod';

/** The names under which our ids travel in SendGrid's custom_args (flattened into every event). */
export const CUSTOM_ARG = {
  messageId: 'kaifu_message_id',
  campaignId: 'kaifu_campaign_id',
  variantId: 'kaifu_variant_id',
  /** A test send's own id (test sends have no message). */
  testSendId: 'kaifu_test_send_id',
} as const;

const base = {
  email: z.string(),
  timestamp: z.number().int().positive(),
  sg_event_id: z.string().min(1).max(200),
  sg_message_id: z.string().optional(),
  [CUSTOM_ARG.messageId]: z.string().optional(),
};

const engagement = { ip: z.string().optional(), useragent: z.string().optional() };

/** SendGrid's documented event types, checked strictly; anything else is kept raw and never fails a batch. */
export const KnownEvent = z.discriminatedUnion('event', [
  z.looseObject({ ...base, event: z.literal('processed') }),
  z.looseObject({
    ...base,
    event: z.literal('deferred'),
    response: z.string().optional(),
    attempt: z.coerce.string().optional(),
  }),
  z.looseObject({ ...base, event: z.literal('delivered'), response: z.string().optional() }),
  z.looseObject({ ...base, event: z.literal('dropped'), reason: z.string().optional() }),
  z.looseObject({
    ...base,
    event: z.literal('bounce'),
    type: z.enum(['bounce', 'blocked']).optional(),
    bounce_classification: z.string().optional(),
    reason: z.string().optional(),
  }),
  z.looseObject({
    ...base,
    ...engagement,
    event: z.literal('open'),
    sg_machine_open: z.boolean().optional(),
  }),
  z.looseObject({ ...base, ...engagement, event: z.literal('click'), url: z.string() }),
  z.looseObject({ ...base, event: z.literal('spamreport') }),
  z.looseObject({ ...base, event: z.literal('unsubscribe') }),
  z.looseObject({ ...base, event: z.literal('group_unsubscribe'), asm_group_id: z.number().optional() }),
  z.looseObject({ ...base, event: z.literal('group_resubscribe'), asm_group_id: z.number().optional() }),
]);
export type KnownEvent = z.infer<typeof KnownEvent>;

export const knownEventTypes = new Set(KnownEvent.options.map((o) => o.shape.event.value));
