import type { campaigns, variants } from '../../db/schema/index.js';

type CampaignRow = typeof campaigns.$inferSelect;
type VariantRow = typeof variants.$inferSelect;

export function presentCampaign(
  row: CampaignRow,
  variantRows: VariantRow[],
  messageCounts: Record<string, number>,
  estimatedCompletionAt: string | null,
) {
  return {
    id: row.id,
    name: row.name,
    listId: row.listId,
    status: row.status,
    from: { email: row.fromEmail, name: row.fromName },
    replyTo: row.replyTo,
    html: row.html,
    text: row.text,
    variants: [...variantRows]
      .sort((a, b) => a.position - b.position)
      .map((v) => ({ id: v.id, position: v.position, subject: v.subject, preheader: v.preheader })),
    schedule: row.schedule ?? null,
    test: row.test ?? null,
    sendingWindow: row.sendingWindow ?? null,
    sendTime: row.sendTime ?? null,
    scheduleSummary: row.scheduleSummary ?? null,
    messages: messageCounts,
    progress: {
      total: Object.values(messageCounts).reduce((a, b) => a + b, 0),
      sent: messageCounts.sent ?? 0,
      pending: (messageCounts.scheduled ?? 0) + (messageCounts.sending ?? 0),
      held: messageCounts.held ?? 0,
      uncertain: messageCounts.uncertain ?? 0,
      failed: messageCounts.failed ?? 0,
      estimatedCompletionAt,
    },
    completedAt: row.completedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    scheduledAt: row.scheduledAt?.toISOString() ?? null,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
  };
}

export type CampaignView = ReturnType<typeof presentCampaign>;

/** How reports name a variant: A for the first (the control), B, C, … */
export const variantLabel = (position: number) => String.fromCharCode(65 + position);
