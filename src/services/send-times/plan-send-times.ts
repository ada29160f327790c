import type { Db } from '../../db/client.js';
import type { Deps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { seededRandom, shuffled } from '../../lib/random.js';
import { addDays, localParts, parseWallTime, zonedTimeToUtc } from '../../lib/time-zones.js';
import { openRates } from '../analysis/open-rates.js';
import { chooseHour } from '../analysis/send-time-model.js';
import { hourPattern, openHours } from '../analysis/send-times.js';
import type { Schedule, SendingWindow, SendTimeSettings } from '../campaigns/campaign-input.js';
import { inWindow, nextInWindow, type TimeOf, windowHours } from '../campaigns/plan-sends.js';
import {
  bestSlot,
  dealArms,
  exploreSlot,
  type SendArm,
  type Slot,
  type SlotBeliefs,
  slotBeliefs,
  slotsInRange,
} from './slot-policy.js';
import type { WorkspaceSendTime } from './workspace-send-time.js';

/** What a schedule's send times were chosen by: the shares used and how many recipients each arm got. */
export interface SendTimeSummary {
  explorationShare: number;
  holdoutShare: number;
  arms: Record<SendArm, number>;
  /** Distinct weekday × hour slots the explorers were sent at. */
  slotsExplored: number;
}

/** The shares a schedule uses: the campaign's, else the workspace's for `optimized`, else none. */
export function sendTimeShares(
  schedule: Schedule,
  campaign: SendTimeSettings | null,
  workspace: WorkspaceSendTime,
): { explorationShare: number; holdoutShare: number } {
  if (schedule.type === 'at') {
    if (campaign?.explorationShare || campaign?.holdoutShare) {
      throw new ApiError(
        'unprocessable',
        'sendTime: an `at` schedule sends everyone at one instant, so nothing can explore or be held out; use `local` or `optimized`',
      );
    }
    return { explorationShare: 0, holdoutShare: 0 };
  }
  if (schedule.type === 'local') {
    if (campaign?.holdoutShare) {
      throw new ApiError(
        'unprocessable',
        'sendTime.holdoutShare: only an `optimized` schedule has a holdout (a `local` one is the time the marketer chose)',
      );
    }
    return { explorationShare: campaign?.explorationShare ?? 0, holdoutShare: 0 };
  }
  return {
    explorationShare: campaign?.explorationShare ?? workspace.explorationShare,
    holdoutShare: campaign?.holdoutShare ?? workspace.holdoutShare,
  };
}

interface PlanInput {
  deps: Deps;
  tx: Db;
  workspaceId: string;
  listId: string;
  recipients: { contactId: string }[];
  schedule: Schedule;
  window: SendingWindow | null;
  shares: { explorationShare: number; holdoutShare: number };
  usual: WorkspaceSendTime['usual'];
  seed: string;
  now: Date;
}

/**
 * Each recipient's send time and arm for an `optimized` schedule, or for the explorers of a `local` one (the
 * rest keep the schedule's time); undefined when Kaifu chooses no one's time. The arms are dealt from their own
 * shuffle of the campaign's seed, so they are independent of the A/B variants.
 */
export async function planSendTimes(
  input: PlanInput,
): Promise<{ timeOf: TimeOf; summary: SendTimeSummary } | undefined> {
  const { schedule, shares } = input;
  if (schedule.type === 'at' || (schedule.type === 'local' && shares.explorationShare === 0))
    return undefined;
  const order = shuffled(input.recipients.map((r) => r.contactId).sort(), seededRandom(`${input.seed}:arms`));
  const dealt = dealArms(order.length, shares);
  const armOf = new Map(order.map((id, i) => [id, dealt[i] ?? 'optimized']));
  const beliefs = await listBeliefs(input);
  const random = seededRandom(`${input.seed}:explore`);
  const summary: SendTimeSummary = {
    ...shares,
    arms: { optimized: 0, explore: 0, holdout: 0 },
    slotsExplored: 0,
  };
  const explored = new Set<string>();
  const chosen = (arm: SendArm, at: Date, zone: string) => {
    summary.arms[arm]++;
    if (arm === 'explore') {
      const p = localParts(at, zone);
      explored.add(`${p.weekday}:${p.hour}`);
      summary.slotsExplored = explored.size;
    }
    return { at, arm };
  };

  if (schedule.type === 'local') {
    const slotsOf = zoneCache((zone) => sameDateSlots(schedule, zone, input.window, input.now));
    return {
      summary,
      timeOf: (contactId, zone) => {
        if (armOf.get(contactId) !== 'explore') return null;
        const { slots, asked } = slotsOf(zone);
        const slot = exploreSlot(slots, beliefs, random, asked);
        return slot && slot !== asked ? chosen('explore', slot.at, zone) : null;
      },
    };
  }

  const range = {
    from: new Date(Math.max(Date.parse(schedule.from), input.now.getTime())),
    to: new Date(schedule.to),
  };
  const slotsOf = zoneCache((zone) => {
    const slots = slotsInRange(zone, range, input.window);
    if (slots.length === 0) {
      throw new ApiError(
        'unprocessable',
        `Between schedule.from and schedule.to the sending window never opens in ${zone}`,
        { zone, from: range.from.toISOString(), to: range.to.toISOString(), sendingWindow: input.window },
      );
    }
    return slots;
  });
  const reader = { ...input.deps, analyticsDb: input.tx };
  const pattern = await hourPattern({ deps: reader, workspaceId: input.workspaceId, listId: input.listId });
  const own = await openHours({
    deps: reader,
    workspaceId: input.workspaceId,
    contactIds: input.recipients.map((r) => r.contactId),
  });
  const allowed = windowHours(input.window);
  const optimizedSlot = (contactId: string, slots: Slot[]) => {
    // The hour as chooseHour picks it (the contact's own opens, else the list's best hour, else the default);
    // the list's slots pick the weekday. (The sim lets the slots pick both: see the closing note of issue 21.)
    const choice = chooseHour(own.get(contactId) ?? Array(24).fill(0), pattern, allowed);
    const atHour = slots.filter((s) => s.hour === choice.hour);
    return bestSlot(atHour.length > 0 ? atHour : slots, beliefs) ?? (slots[0] as Slot);
  };
  return {
    summary,
    timeOf: (contactId, zone) => {
      const slots = slotsOf(zone);
      const arm = armOf.get(contactId) ?? 'optimized';
      if (arm === 'holdout')
        return chosen('holdout', usualTime(slots, input.usual, range, zone, input.window), zone);
      const best = optimizedSlot(contactId, slots);
      if (arm === 'optimized') return chosen('optimized', best.at, zone);
      const slot = exploreSlot(slots, beliefs, random, best);
      return slot && slot !== best ? chosen('explore', slot.at, zone) : chosen('optimized', best.at, zone);
    },
  };
}

/** The list's slots as counted: human opens over delivered (or sent, until deliveries are reported). */
async function listBeliefs(input: PlanInput): Promise<SlotBeliefs> {
  const { cells } = await openRates({
    deps: { ...input.deps, analyticsDb: input.tx },
    workspaceId: input.workspaceId,
    query: { dimension: 'weekdayHour', metric: 'human_open', listId: input.listId },
  });
  return slotBeliefs(
    cells.map((c) => ({
      weekday: Number(c.key.weekday),
      hour: Number(c.key.hour),
      successes: c.humanOpens,
      trials: c[c.denominator],
    })),
  );
}

/**
 * The holdout's time, as the marketer would have sent: the usual weekday and hour when set and it comes round
 * in the range, else `from` (moved into the sending window, never past `to`).
 */
function usualTime(
  slots: Slot[],
  usual: WorkspaceSendTime['usual'],
  range: { from: Date; to: Date },
  zone: string,
  window: SendingWindow | null,
): Date {
  const kept =
    usual &&
    slots.find((s) => s.hour === usual.hour && (usual.weekday === null || s.weekday === usual.weekday));
  if (kept) return kept.at;
  const opening = window ? nextInWindow(range.from, zone, window) : range.from;
  return opening <= range.to ? opening : (slots[0] as Slot).at;
}

/** A `local` schedule's other hours of the same local date, inside the window and not yet past. */
function sameDateSlots(
  schedule: Extract<Schedule, { type: 'local' }>,
  zone: string,
  window: SendingWindow | null,
  now: Date,
): { slots: Slot[]; asked: Slot | null } {
  const wall = parseWallTime(schedule.date, schedule.time);
  if (!wall) throw new Error('schedule was validated as a real date and time');
  const slots: Slot[] = [];
  let asked: Slot | null = null;
  for (let hour = 0; hour < 24; hour++) {
    const at = zonedTimeToUtc({ ...addDays(wall, 0), hour, minute: 0 }, zone);
    const p = localParts(at, zone);
    if (at < now || p.hour !== hour || (window && !inWindow(at, zone, window))) continue;
    const slot = { weekday: p.weekday, hour, at };
    if (hour === wall.hour) asked = slot;
    slots.push(slot);
  }
  return { slots, asked };
}

function zoneCache<T>(make: (zone: string) => T): (zone: string) => T {
  const cache = new Map<string, T>();
  return (zone) => {
    let value = cache.get(zone);
    if (value === undefined) {
      value = make(zone);
      cache.set(zone, value);
    }
    return value;
  };
}
