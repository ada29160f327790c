import type { contactStatuses, suppressions } from '../../db/schema/index.js';

type SuppressionReason = (typeof suppressions.$inferSelect)['reason'];
type ContactStatus = (typeof contactStatuses)[number];

/** The contact status a suppression implies: bounces and complaints keep their name, the rest unsubscribe. */
export function statusForSuppression(reason: SuppressionReason): ContactStatus {
  if (reason === 'bounced') return 'bounced';
  if (reason === 'complained') return 'complained';
  return 'unsubscribed';
}

/** The suppression a non-active contact implies (when it is erased, or imported as suppressed). */
export function suppressionForStatus(status: ContactStatus): SuppressionReason {
  if (status === 'bounced') return 'bounced';
  if (status === 'complained') return 'complained';
  if (status === 'unsubscribed') return 'unsubscribed';
  return 'erased';
}
