import { z } from '@hono/zod-openapi';
import { campaignStatuses } from '../../db/schema/index.js';
import {
  CampaignInput,
  CampaignPatch,
  Schedule,
  SendingWindow,
  TestSettings,
} from '../../services/campaigns/campaign-input.js';

export const CampaignParams = z.object({ id: z.uuid() });

export const CreateCampaignRequest = CampaignInput.openapi('CreateCampaignRequest');
export const UpdateCampaignRequest = CampaignPatch.openapi('UpdateCampaignRequest');
const ScheduleDoc = Schedule.openapi('Schedule', {
  description:
    '`at`: one instant for everyone. `local`: that wall-clock time in each contact’s zone (workspace default ' +
    'when none); a time already past moves to its next occurrence (a day or two on), and a date past in every ' +
    'recipient’s zone is refused (422). `optimized`: each contact at their best local ' +
    'hour (their own human opens weighed with the list’s pattern; GET /v1/contacts/{id}/send-time), the first ' +
    'time it comes round between `from` and `to` (else at `from`), inside the sending window.',
});

export const ScheduleSummarySchema = z
  .object({
    recipients: z.number().int(),
    movedToNextDay: z
      .number()
      .int()
      .openapi({ description: 'Recipients whose local time had passed, moved to its next occurrence' }),
    movedIntoWindow: z.number().int(),
    held: z.number().int().openapi({ description: 'Held back for the A/B test winner' }),
    byVariant: z.record(z.string(), z.number().int()),
    firstSendAt: z.string().nullable(),
    lastSendAt: z.string().nullable(),
    excluded: z.object({
      unsubscribed: z.number().int(),
      bounced: z.number().int(),
      complained: z.number().int(),
      suppressed: z.number().int(),
    }),
  })
  .openapi('ScheduleSummary');

export const CampaignSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    listId: z.uuid(),
    status: z.enum(campaignStatuses),
    from: z.object({ email: z.string(), name: z.string() }),
    replyTo: z.string().nullable(),
    html: z.string(),
    text: z.string().nullable(),
    variants: z.array(
      z.object({
        id: z.uuid(),
        position: z.number().int(),
        subject: z.string(),
        preheader: z.string().nullable(),
      }),
    ),
    schedule: ScheduleDoc.nullable(),
    test: TestSettings.nullable(),
    sendingWindow: SendingWindow.nullable(),
    scheduleSummary: z.record(z.string(), z.unknown()).nullable(),
    messages: z.record(z.string(), z.number().int()).openapi({ description: 'Messages by status' }),
    progress: z.object({
      total: z.number().int(),
      sent: z.number().int(),
      pending: z.number().int(),
      held: z.number().int().openapi({ description: 'Waiting for the A/B test winner' }),
      uncertain: z
        .number()
        .int()
        .openapi({
          description:
            'Sent to SendGrid without a clear answer and never sent again by Kaifu: settled by its events within 24 h, ' +
            'else left for you (POST /v1/campaigns/{id}/uncertain)',
        }),
      failed: z.number().int(),
      estimatedCompletionAt: z.string().nullable(),
    }),
    completedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    scheduledAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
  })
  .openapi('Campaign');

export { ScheduleDoc };
