import { z } from '@hono/zod-openapi';
import { campaignStatuses } from '../../db/schema/index.js';
import {
  CampaignInput,
  CampaignPatch,
  Schedule,
  SendingWindow,
  SendTimeSettings,
  TestSettings,
} from '../../services/campaigns/campaign-input.js';

export const CampaignParams = z.object({ id: z.uuid() });

export const CreateCampaignRequest = CampaignInput.openapi('CreateCampaignRequest');
export const UpdateCampaignRequest = CampaignPatch.openapi('UpdateCampaignRequest');
const ScheduleDoc = Schedule.openapi('Schedule', {
  description:
    '`at`: one instant for everyone. `local`: that wall-clock time in each contact’s zone (workspace default ' +
    'when none); a time already past moves to its next occurrence (a day or two on), and a date past in every ' +
    'recipient’s zone is refused (422). `optimized`: each contact at their best local hour (their own human ' +
    'opens weighed with the list’s pattern), on the weekday whose slot at that hour the list’s sends show best, ' +
    'between `from` and `to` and inside the sending window, while `sendTime.explorationShare` of recipients explore other ' +
    'slots by Thompson sampling and `sendTime.holdoutShare` are sent as without Kaifu (the workspace’s usual ' +
    'time, else `from`) to measure the lift (GET /v1/analysis/send-time-lift).',
});

const rate = (description: string) => z.number().min(0).max(1).openapi({ description });

export const TestPlanSchema = z
  .object({
    perVariant: z
      .number()
      .int()
      .openapi({ description: 'Test sends of the variant dealt the fewest', example: 30 }),
    heldForWinner: z.number().int().openapi({ description: 'Recipients held for the winner' }),
    minPerVariant: z.number().int().openapi({ description: 'The test’s minPerVariant', example: 100 }),
    reachesMinPerVariant: z.boolean().openapi({
      description:
        'Whether every variant gets minPerVariant test sends; when not, the test ends in its fallback',
    }),
    shareNeeded: z.number().nullable().openapi({
      description: 'The smallest test share giving every variant minPerVariant sends; null when none would',
      example: 0.14,
    }),
    baselineRate: rate('The rate the lift is planned from, on the test’s metric'),
    baselineBasis: z.enum(['list', 'workspace', 'assumed']).openapi({
      description:
        'Where the baseline comes from: the list’s last 90 days, else the workspace’s (each needs 100 sends), ' +
        'else an assumed 20% (human_open) or 2% (human_click)',
    }),
    baselineSends: z.number().int().openapi({ description: 'Sends behind the baseline (0 when assumed)' }),
    detectableRate: rate('The smallest rate a variant must reach to be found with `power`').nullable(),
    detectableLift: z.number().nullable().openapi({
      description: 'detectableRate − baselineRate, absolute; null when no difference is detectable',
      example: 0.08,
    }),
    alpha: z.number().openapi({
      description:
        'Two-sided level of each comparison with the control: 2·(1 − winThreshold), Bonferroni-split over the ' +
        'comparisons (a probability to be best of winThreshold is close to a one-sided test at 1 − winThreshold)',
    }),
    power: z.number().openapi({ description: 'The power the detectable lift is planned at', example: 0.8 }),
    notes: z.array(z.string()).openapi({
      description: 'The plan in words, warnings first, in the request’s language (Accept-Language)',
    }),
  })
  .openapi('TestPlan', {
    description: 'What an A/B test can find, as planned when it was scheduled (the sample-size planner)',
  });

const armCount = (what: string) => z.number().int().openapi({ description: what });

export const SendTimeSummarySchema = z
  .object({
    explorationShare: z.number().openapi({ description: 'The exploration share used', example: 0.1 }),
    holdoutShare: z.number().openapi({ description: 'The holdout share used', example: 0.1 }),
    arms: z
      .object({
        optimized: armCount('Recipients sent at the slot believed best for them'),
        explore: armCount('Recipients sent at another allowed slot, chosen by Thompson sampling'),
        holdout: armCount('Recipients sent as without Kaifu: the usual time, else `from`'),
      })
      .openapi({ description: 'Recipients by how their send time was chosen' }),
    slotsExplored: z.number().int().openapi({
      description: 'Distinct local weekday × hour slots the explorers were sent at',
      example: 12,
    }),
  })
  .openapi('SendTimeSummary', {
    description:
      'How Kaifu chose the send times of an `optimized` schedule (or of a `local` one’s explorers): who explores, ' +
      'who is held out to measure the lift',
  });

export const ScheduleSummarySchema = z
  .object({
    recipients: z.number().int().openapi({
      description: 'Eligible list members, one message each (held ones included)',
      example: 1480,
    }),
    movedToNextDay: z
      .number()
      .int()
      .openapi({ description: 'Recipients whose local time had passed, moved to its next occurrence' }),
    movedIntoWindow: z.number().int().openapi({
      description: 'Recipients whose send time fell outside the sending window, moved to its next opening',
    }),
    held: z.number().int().openapi({ description: 'Held back for the A/B test winner' }),
    byVariant: z.record(z.string(), z.number().int()).openapi({
      description: 'Messages dealt to each variant, by variant id (with an A/B test, the test share only)',
    }),
    firstSendAt: z.string().datetime().nullable().openapi({
      description: 'The earliest planned send time, UTC ISO 8601 (held messages’ planned times included)',
      example: '2026-12-01T00:00:00.000Z',
    }),
    lastSendAt: z.string().datetime().nullable().openapi({
      description:
        'The latest planned send time, UTC ISO 8601; zones spread a `local` schedule over up to 26 hours',
      example: '2026-12-01T17:00:00.000Z',
    }),
    excluded: z
      .object({
        unsubscribed: z.number().int().openapi({ description: 'List members left out: unsubscribed' }),
        bounced: z.number().int().openapi({ description: 'List members left out: hard-bounced' }),
        complained: z.number().int().openapi({ description: 'List members left out: reported spam' }),
        suppressed: z
          .number()
          .int()
          .openapi({ description: 'Active list members left out: their address is on the suppression list' }),
      })
      .openapi({ description: 'List members not mailed, by reason; not in `recipients`' }),
    test: TestPlanSchema.optional(),
    sendTime: SendTimeSummarySchema.optional(),
  })
  .openapi('ScheduleSummary', {
    description: 'What scheduling did: who gets a message, who was left out, and which sends moved',
  });

export const CampaignSchema = z
  .object({
    id: z.uuid().openapi({ description: 'The campaign’s id (UUIDv7)' }),
    name: z.string().openapi({ description: 'Name, for you; never shown to recipients' }),
    listId: z
      .uuid()
      .openapi({ description: 'The list it is sent to; its members are read when it is scheduled' }),
    status: z.enum(campaignStatuses).openapi({
      description:
        'draft until scheduled; scheduled; sending once its first batch goes out; sent when nothing is left ' +
        'to send or wait for; cancelled',
      example: 'scheduled',
    }),
    from: z
      .object({
        email: z.string().openapi({ description: 'Sender address', example: 'news@example.com' }),
        name: z.string().openapi({ description: 'Sender display name', example: 'Kaifu Newsletter' }),
      })
      .openapi({ description: 'The From of every message' }),
    replyTo: z
      .string()
      .nullable()
      .openapi({ description: 'Reply-To address; null: none, replies go to the sender' }),
    html: z.string().openapi({
      description:
        'HTML body as written: merge fields ({{name}}) not filled in, links not yet rewritten for tracking',
    }),
    text: z
      .string()
      .nullable()
      .openapi({ description: 'Plain-text body as written; null: made from the HTML at send time' }),
    variants: z
      .array(
        z.object({
          id: z.uuid().openapi({ description: 'The variant’s id' }),
          position: z
            .number()
            .int()
            .openapi({ description: '0 for the control (label A in reports), 1 for B, …', example: 0 }),
          subject: z.string().openapi({ description: 'Subject line as written, merge fields not filled in' }),
          preheader: z
            .string()
            .nullable()
            .openapi({ description: 'Preview text shown after the subject in the inbox; null: none' }),
        }),
      )
      .openapi({ description: 'Subject variants, by position; the first is the control' }),
    // A union, not .nullable(): that would put null into the shared Schedule component, which requests use too.
    schedule: z.union([ScheduleDoc, z.null()]).openapi({
      description: 'When the campaign goes out (see Schedule); null until scheduled',
    }),
    test: TestSettings.nullable().openapi({
      description:
        'The A/B test: a share of recipients split between the variants, the rest held for the winner; null: none',
    }),
    sendingWindow: SendingWindow.nullable().openapi({
      description: 'Days and hours, in each recipient’s local time, that sends may go out; null: any time',
    }),
    sendTime: SendTimeSettings.nullable().openapi({
      description: 'Exploration and holdout shares as set on the campaign; null: the defaults',
    }),
    scheduleSummary: z.union([ScheduleSummarySchema, z.null()]).openapi({
      description: 'What scheduling did, as POST /v1/campaigns/{id}/schedule answered; null until scheduled',
    }),
    messages: z.record(z.string(), z.number().int()).openapi({ description: 'Messages by status' }),
    progress: z
      .object({
        total: z
          .number()
          .int()
          .openapi({ description: 'Messages in every status: one per recipient scheduled' }),
        sent: z.number().int().openapi({
          description: 'Handed to SendGrid (or the outbox), or marked sent; not necessarily delivered',
        }),
        pending: z.number().int().openapi({ description: 'Waiting for their send time or being sent now' }),
        held: z.number().int().openapi({ description: 'Waiting for the A/B test winner' }),
        uncertain: z
          .number()
          .int()
          .openapi({
            description:
              'Sent to SendGrid without a clear answer and never sent again by Kaifu: settled by its events within 24 h, ' +
              'else left for you (POST /v1/campaigns/{id}/uncertain)',
          }),
        failed: z.number().int().openapi({
          description: 'Given up: refused by SendGrid, out of retries, or dropped as uncertain',
        }),
        estimatedCompletionAt: z
          .string()
          .nullable()
          .openapi({
            description:
              'When the last pending message should be out, UTC ISO 8601: its send time, or later at the ' +
              'workspace’s send rate; null with none pending (held and uncertain ones wait on a decision)',
            example: '2026-12-01T17:04:00.000Z',
          }),
      })
      .openapi({ description: 'Message counts for following a send; `messages` has every status' }),
    completedAt: z.string().datetime().nullable().openapi({
      description: 'When it became sent, UTC ISO 8601; null until then (and again while a resend is out)',
    }),
    createdAt: z.string().datetime().openapi({ description: 'Created, UTC ISO 8601' }),
    updatedAt: z
      .string()
      .datetime()
      .openapi({ description: 'Last changed (by you or by sending), UTC ISO 8601' }),
    scheduledAt: z.string().datetime().nullable().openapi({
      description: 'When it was scheduled (the call, not a send time), UTC ISO 8601; null while a draft',
    }),
    cancelledAt: z
      .string()
      .nullable()
      .openapi({ description: 'When it was cancelled, UTC ISO 8601; null unless cancelled' }),
  })
  .openapi('Campaign', {
    description: 'A campaign: content, subject variants, schedule and how far its sending has got',
  });

const probability = (description: string, example: number) => z.number().openapi({ description, example });

/** The decision the due-work loop took for an A/B test, as stored with the campaign (TestDecision). */
export const TestDecision = z
  .object({
    winnerVariantId: z.uuid().openapi({ description: 'The variant the held recipients were sent' }),
    winnerLabel: z.string().openapi({ description: 'Its label', example: 'B' }),
    reason: z.enum(['winner', 'fallback_srm', 'fallback_insufficient', 'fallback_no_clear_winner']).openapi({
      description:
        '`winner`: its probability to be best reached the threshold with enough data and a sound split. ' +
        'Otherwise the fallback chose: the split looked wrong (SRM), too few deliveries, or no clear winner',
      example: 'winner',
    }),
    fallback: z
      .enum(['best', 'control'])
      .nullable()
      .openapi({ description: 'The fallback rule that chose, when one did; null for a winner' }),
    metric: z.enum(['human_open', 'human_click']).openapi({ description: 'What counted as a success' }),
    denominator: z
      .enum(['delivered', 'sends'])
      .openapi({ description: 'Trials: delivered messages when SendGrid reported them, else sends' }),
    evidence: z
      .object({
        variants: z
          .array(
            z.object({
              label: z.string().openapi({ description: 'The variant’s label', example: 'A' }),
              trials: z.number().int().openapi({ description: 'Test recipients counted', example: 590 }),
              successes: z
                .number()
                .int()
                .openapi({ description: 'Of them, successes by the metric', example: 121 }),
              probabilityToBeBest: probability(
                'Posterior probability (Beta(1,1) prior) that this variant’s rate is the highest',
                0.962,
              ),
              expectedLoss: probability(
                'Expected shortfall in rate (a fraction) if this variant were chosen and another is better',
                0.0004,
              ),
            }),
          )
          .openapi({ description: 'The test variants’ counts and posterior figures when it was decided' }),
        srm: z
          .object({
            statistic: z
              .number()
              .nullable()
              .openapi({ description: 'Chi-square of sends against the split', example: 0.41 }),
            pValue: z
              .number()
              .nullable()
              .openapi({ description: 'Its p-value; below 0.001 is a mismatch', example: 0.52 }),
            mismatch: z.boolean().openapi({ description: 'Whether the split looked broken' }),
          })
          .nullable()
          .openapi({ description: 'The sample-ratio-mismatch check; null when it could not be run' }),
        sufficient: z.boolean().openapi({ description: 'Whether every variant had enough deliveries' }),
        notes: z.array(z.string()).openapi({ description: 'Why it decided so, in words' }),
      })
      .openapi({ description: 'The numbers the decision was taken on' }),
    decidedAt: z
      .string()
      .openapi({ description: 'When it was decided, UTC ISO 8601', example: '2026-12-02T01:00:00.000Z' }),
  })
  .openapi('TestDecision');

export { ScheduleDoc };
