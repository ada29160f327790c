import { type ArmCountRow, armCounts } from '../../db/queries/send-time-lift.js';
import type { Deps } from '../../deps.js';
import { notFound } from '../../errors.js';
import {
  type Difference,
  type Interval,
  mantelHaenszelDifference,
  newcombeDifference,
  wilsonInterval,
} from '../../stats/index.js';
import { listExists } from '../lists/lists.js';
import { SEND_ARMS, type SendArm } from './slot-policy.js';

/** The outcome the lift is measured on: a human open within this many hours of sending. */
export const LIFT_WINDOW_HOURS = 72;

export interface ArmRate {
  /** Messages sent at least LIFT_WINDOW_HOURS ago: the ones counted. */
  recipients: number;
  /** Of those, the ones a person opened within LIFT_WINDOW_HOURS of sending. */
  opened: number;
  rate: number | null;
  ci: Interval | null;
  /** Messages sent more recently: not counted until their window has passed. */
  pending: number;
}

export interface CampaignLift {
  campaignId: string;
  name: string;
  arms: Record<SendArm, ArmRate>;
  /** Optimized − holdout, with Newcombe's interval; null until both arms have counted recipients. */
  lift: Difference | null;
}

export interface SendTimeLift {
  listId: string | null;
  windowHours: number;
  campaigns: CampaignLift[];
  pooled: {
    arms: Record<SendArm, ArmRate>;
    /** Optimized − holdout over campaigns, Mantel–Haenszel (stratified by campaign) with Sato's variance. */
    lift: Difference | null;
    /** Campaigns that compare the two arms (both have counted recipients). */
    campaigns: number;
  };
}

const armRate = (rows: Pick<ArmCountRow, 'complete' | 'opened' | 'pending'>[]): ArmRate => {
  const recipients = rows.reduce((s, r) => s + r.complete, 0);
  const opened = rows.reduce((s, r) => s + r.opened, 0);
  return {
    recipients,
    opened,
    rate: recipients === 0 ? null : opened / recipients,
    ci: wilsonInterval({ successes: opened, trials: recipients }),
    pending: rows.reduce((s, r) => s + r.pending, 0),
  };
};

const count = (a: ArmRate) => ({ successes: a.opened, trials: a.recipients });

function byArm(rows: ArmCountRow[]): Record<SendArm, ArmRate> {
  return Object.fromEntries(
    SEND_ARMS.map((arm) => [arm, armRate(rows.filter((r) => r.arm === arm))]),
  ) as Record<SendArm, ArmRate>;
}

/**
 * Does choosing send times help? Each optimized schedule's holdout was sent as the marketer would have without
 * Kaifu, so optimized − holdout, per campaign and pooled over them, measures the lift on a human open within 72
 * hours of sending. Explorers are shown beside them (what exploring costs or finds) and are in neither side.
 */
export async function sendTimeLift({
  deps,
  workspaceId,
  listId = null,
  campaignId,
}: {
  deps: Deps;
  workspaceId: string;
  listId?: string | null;
  campaignId?: string;
}): Promise<SendTimeLift> {
  if (listId && !(await listExists({ db: deps.db, workspaceId, listId }))) throw notFound('List');
  const rows = await armCounts(
    deps.analyticsDb,
    workspaceId,
    { listId, ...(campaignId && { campaignId }) },
    LIFT_WINDOW_HOURS,
    deps.clock.now(),
  );
  const ids = [...new Set(rows.map((r) => r.campaign_id))];
  const campaigns = ids.map((id): CampaignLift => {
    const own = rows.filter((r) => r.campaign_id === id);
    const arms = byArm(own);
    return {
      campaignId: id,
      name: own[0]?.name ?? '',
      arms,
      lift: newcombeDifference(count(arms.optimized), count(arms.holdout)),
    };
  });
  const strata = campaigns.map((c) => ({ treated: count(c.arms.optimized), control: count(c.arms.holdout) }));
  return {
    listId,
    windowHours: LIFT_WINDOW_HOURS,
    campaigns,
    pooled: {
      arms: byArm(rows),
      lift: mantelHaenszelDifference(strata),
      campaigns: strata.filter((s) => s.treated.trials > 0 && s.control.trials > 0).length,
    },
  };
}
