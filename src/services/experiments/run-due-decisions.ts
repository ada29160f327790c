import { campaignVariants, findCampaign } from '../../db/queries/campaigns.js';
import {
  claimTestDecision,
  countUncertainMessages,
  testsAwaitingDecision,
} from '../../db/queries/experiments.js';
import { countsByVariant } from '../../db/queries/rollups.js';
import type { campaigns } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { recordAudit } from '../audit/record-audit.js';
import { TestSettings } from '../campaigns/campaign-input.js';
import { variantLabel } from '../campaigns/present-campaign.js';
import { decideTest, type TestedVariant } from './decide-winner.js';
import { releaseHeld } from './release-held.js';

/**
 * A/B tests whose wait is over: every test send out of the queue and `waitHours` passed since the last one.
 * Uncertain test sends do not hold a test up: they have no send time, so the decision leaves them out. Each is
 * decided once (the decision is written only where none exists, in the transaction that releases the held
 * recipients) and logged in the audit log with its evidence. Answers how many were decided.
 */
export async function decideDueTests({ deps, now }: { deps: Deps; now: Date }): Promise<number> {
  const due = await testsAwaitingDecision(deps.db);
  let decided = 0;
  for (const row of due) {
    const campaign = await findCampaign(deps.db, row.workspace_id, row.id);
    const settings = TestSettings.safeParse(campaign?.test);
    if (!campaign || !settings.success) {
      deps.log.error('an A/B test cannot be decided: its settings do not parse', { campaignId: row.id });
      continue;
    }
    // With no test send at all (every test recipient suppressed, say), the wait runs from the scheduling.
    const waitFrom = row.last_sent ? new Date(row.last_sent) : (campaign.scheduledAt ?? now);
    if (waitFrom.getTime() + settings.data.waitHours * 3_600_000 > now.getTime()) continue;
    try {
      if (await decideAndRelease(deps, campaign, settings.data, now)) decided++;
    } catch (error) {
      // One campaign's trouble must not stop the others, nor the dispatch that follows.
      deps.log.error('deciding an A/B test failed', { campaignId: row.id, error });
    }
  }
  return decided;
}

async function decideAndRelease(
  deps: Deps,
  campaign: typeof campaigns.$inferSelect,
  settings: TestSettings,
  now: Date,
): Promise<boolean> {
  const { workspaceId, id: campaignId } = campaign;
  const variantRows = await campaignVariants(deps.db, workspaceId, [campaignId]);
  const countsOf = await countsByVariant(deps.db, workspaceId, campaignId);
  const tested: TestedVariant[] = variantRows.map((v) => ({
    id: v.id,
    label: variantLabel(v.position),
    counts: countsOf(v.id),
  }));
  const decision = decideTest(tested, settings);
  const uncertain = await countUncertainMessages(deps.db, workspaceId, campaignId);
  return deps.db.transaction(async (tx) => {
    const stamped = { ...decision, decidedAt: now.toISOString() };
    const claimed = await claimTestDecision(tx, workspaceId, campaignId, stamped, now);
    if (!claimed) return false; // another runDueWork decided first
    const released = await releaseHeld({ tx, campaign, winnerVariantId: decision.winnerVariantId, now });
    await recordAudit({
      db: tx,
      entry: {
        workspaceId,
        actorKeyId: null,
        action: 'campaign.test_decided',
        targetType: 'campaign',
        targetId: campaignId,
        details: {
          winner: decision.winnerLabel,
          reason: decision.reason,
          released,
          // Test sends SendGrid may or may not have taken: not in the evidence.
          uncertainLeftOut: uncertain,
          evidence: decision.evidence,
        },
        at: now,
      },
    });
    return true;
  });
}
