import { campaignVariants, findCampaign } from '../../db/queries/campaigns.js';
import { countsByVariant, denominatorOf, type MessageCounts } from '../../db/queries/rollups.js';
import { humanOpenDelays } from '../../db/queries/send-times.js';
import type { Deps } from '../../deps.js';
import { notFound } from '../../errors.js';
import { type Interval, spreadOf, wilsonInterval } from '../../stats/index.js';
import type { Lang } from '../../text/index.js';
import { variantLabel } from '../campaigns/present-campaign.js';
import { compareVariants } from '../experiments/compare-variants.js';
import type { Comparison } from '../experiments/comparison.js';
import type { TestDecision } from '../experiments/decide-winner.js';

const RATED = ['opens', 'humanOpens', 'machineOpens', 'clicks', 'humanClicks', 'botClicks'] as const;

export interface VariantReport extends MessageCounts {
  label: string;
  variantId: string;
  subject: string;
  rates: Record<(typeof RATED)[number], { rate: number | null; ci: Interval | null }>;
  probabilityToBeBest: number;
  expectedLoss: number;
  vsControl?: Comparison['variants'][number]['vsControl'];
}

export interface CampaignReport {
  campaignId: string;
  name: string;
  status: string;
  /** What every rate divides by: delivered messages once SendGrid reports deliveries, else sends. */
  denominator: 'delivered' | 'sends';
  /** The metric the comparison (P(best), expected loss, tests, winner) is on. */
  metric: 'human_open';
  variants: VariantReport[];
  chiSquare: Comparison['chiSquare'];
  srm: Comparison['srm'] | null;
  sufficient: boolean;
  /** The variant whose P(best) reached the threshold (the test's, else 0.95) with enough data and no SRM; a
   * suggestion, not a decision. */
  leader: string | null;
  /** The A/B test's decision with its evidence, once runDueWork has taken it. */
  decision: (TestDecision & { decidedAt: string }) | null;
  /** How soon people opened: minutes from send to each recipient's first human open; null before any. */
  timeToOpen: {
    recipients: number;
    minutes: { p25: number; median: number; p75: number; p90: number };
  } | null;
  notes: string[];
}

/** Seconds as minutes to a tenth: finer than anyone reads a time to open, and free of float dust. */
const minutes = (seconds: number) => Math.round(seconds / 6) / 10;

async function timeToOpen(deps: Deps, workspaceId: string, campaignId: string) {
  const spread = spreadOf(await humanOpenDelays(deps.analyticsDb, workspaceId, campaignId));
  if (!spread) return null;
  return {
    recipients: spread.count,
    minutes: {
      p25: minutes(spread.p25),
      median: minutes(spread.median),
      p75: minutes(spread.p75),
      p90: minutes(spread.p90),
    },
  };
}

/**
 * A campaign's report from its rollups: per variant the message counts by DESIGN.md's rule, each rate with its
 * Wilson interval, and the comparison on human opens — P(best), expected loss, z-tests against the control, the
 * chi-square test and a sample-ratio-mismatch check against the intended even split. The time to open is the
 * one part read from the messages themselves (one number per person who opened), as quantiles need the values.
 */
export async function campaignReport({
  deps,
  workspaceId,
  campaignId,
  lang,
}: {
  deps: Deps;
  workspaceId: string;
  campaignId: string;
  lang: Lang;
}): Promise<CampaignReport> {
  const campaign = await findCampaign(deps.analyticsDb, workspaceId, campaignId);
  if (!campaign) throw notFound('Campaign');
  const variantRows = await campaignVariants(deps.analyticsDb, workspaceId, [campaignId]);
  const countsOf = await countsByVariant(deps.analyticsDb, workspaceId, campaignId);
  const counted = variantRows.map((v) => ({ variant: v, counts: countsOf(v.id) }));
  const denominator = denominatorOf(counted.map((c) => c.counts));
  // An A/B test's remainder all goes to the winner, so once decided the split over every send is uneven by
  // design: the split check is then the decision's, taken on the test sends. Before, only test sends exist.
  const { test, testDecision } = campaign;
  const comparison = compareVariants(
    {
      variants: counted.map(({ variant, counts }) => ({
        label: variantLabel(variant.position),
        sends: counts[denominator],
        opens: Math.min(counts.humanOpens, counts[denominator]),
      })),
      alpha: 0.05,
      expectedSplit: counted.length > 1 && !testDecision ? counted.map(() => 1) : undefined,
      minPerVariant: test?.minPerVariant ?? 100,
      winThreshold: test?.winThreshold ?? 0.95,
    },
    lang,
  );
  return {
    campaignId,
    name: campaign.name,
    status: campaign.status,
    denominator,
    metric: 'human_open',
    variants: counted.map(({ variant, counts }, i) => {
      const compared = comparison.variants[i];
      const trials = counts[denominator];
      const rates = Object.fromEntries(
        RATED.map((k) => {
          const successes = Math.min(counts[k], trials);
          return [
            k,
            { rate: trials === 0 ? null : successes / trials, ci: wilsonInterval({ successes, trials }) },
          ];
        }),
      ) as VariantReport['rates'];
      return {
        label: variantLabel(variant.position),
        variantId: variant.id,
        subject: variant.subject,
        ...counts,
        rates,
        probabilityToBeBest: compared?.probabilityToBeBest ?? 0,
        expectedLoss: compared?.expectedLoss ?? 0,
        ...(compared?.vsControl ? { vsControl: compared.vsControl } : {}),
      };
    }),
    chiSquare: comparison.chiSquare,
    srm: testDecision ? testDecision.evidence.srm : (comparison.srm ?? null),
    sufficient: comparison.sufficient,
    leader: comparison.winner,
    decision: testDecision ?? null,
    timeToOpen: await timeToOpen(deps, workspaceId, campaignId),
    notes: comparison.notes,
  };
}
