import { heldSlots, releaseHeldSlots } from '../../db/queries/experiments.js';
import type { campaigns } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { addDays, localParts, zonedTimeToUtc } from '../../lib/time-zones.js';
import { nextInWindow } from '../campaigns/plan-sends.js';

const DAY_MS = 86_400_000;

/**
 * Sends the held recipients the winner, each at their planned local time of day on the next day it comes round
 * (inside the campaign's sending window): a lead picked for 10:00 their time still gets it at 10:00.
 */
export async function releaseHeld({
  tx,
  campaign,
  winnerVariantId,
  now,
}: {
  tx: Deps['db'];
  campaign: typeof campaigns.$inferSelect;
  winnerVariantId: string;
  now: Date;
}): Promise<number> {
  const slots = await heldSlots(tx, campaign.workspaceId, campaign.id);
  const window = campaign.sendingWindow;
  const moved = slots.map((slot) => {
    const planned = new Date(slot.scheduled_at);
    const days = Math.max(0, Math.ceil((now.getTime() - planned.getTime()) / DAY_MS));
    // Days added to the local wall time, so a daylight-saving change in between keeps the hour.
    const p = localParts(planned, slot.timezone);
    const wall = { year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute };
    let at = zonedTimeToUtc(addDays(wall, days), slot.timezone);
    if (at < now) at = zonedTimeToUtc(addDays(wall, days + 1), slot.timezone);
    if (window) at = nextInWindow(at, slot.timezone, window);
    return { timezone: slot.timezone, scheduled_at: planned.toISOString(), due_at: at.toISOString() };
  });
  return releaseHeldSlots(tx, campaign.workspaceId, campaign.id, winnerVariantId, moved);
}
