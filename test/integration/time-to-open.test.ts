import { describe, expect, it } from 'vitest';
import { route as campaignReport } from '../../src/routes/campaigns/report.js';
import { storeHits } from '../../src/services/tracking/record-hits.js';
import { bodyOf } from '../helpers/bodies.js';
import { openHit } from '../helpers/hits.js';
import { sentCampaign } from '../helpers/scheduled-campaign.js';
import { BACKENDS, useTestContext } from '../helpers/test-app.js';

const MINUTE = 60_000;

/** What every ESP's report has: how soon people open, so a team knows when a send has done its work. */
describe.each(BACKENDS)('time to open in the campaign report on %s', (backend) => {
  const ctx = useTestContext(backend);

  it('gives quartiles and the 90th percentile of minutes from send to the first human open', async () => {
    const { campaignId, messages } = await sentCampaign(ctx, ctx.a, 6, 'delays');
    const before = await bodyOf(
      await ctx.request(`/v1/campaigns/${campaignId}/report`, { key: ctx.a.adminKey }),
      campaignReport,
    );
    expect(before.timeToOpen).toBeNull();

    // Five of six open, after 10, 20, 30, 60 and 240 minutes; the first also opens again later, which is no
    // first open and must not count.
    const delays = [10, 20, 30, 60, 240];
    for (const [i, minutes] of delays.entries()) {
      const m = messages[i];
      if (!m?.sentAt) throw new Error('sentCampaign gives sent messages');
      await storeHits({
        deps: ctx.deps,
        hits: [openHit(ctx.a.workspaceId, m.id, new Date(m.sentAt.getTime() + minutes * MINUTE))],
      });
    }
    const first = messages[0];
    if (!first?.sentAt) throw new Error('sentCampaign gives sent messages');
    await storeHits({
      deps: ctx.deps,
      hits: [openHit(ctx.a.workspaceId, first.id, new Date(first.sentAt.getTime() + 600 * MINUTE))],
    });

    // A mail provider's proxy prefetching the pixel is a machine open: no person's delay.
    const proxied = messages[5];
    if (!proxied?.sentAt) throw new Error('sentCampaign gives sent messages');
    await storeHits({
      deps: ctx.deps,
      hits: [
        {
          ...openHit(ctx.a.workspaceId, proxied.id, new Date(proxied.sentAt.getTime() + 5 * MINUTE)),
          userAgent: 'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html',
        },
      ],
    });

    const report = await bodyOf(
      await ctx.request(`/v1/campaigns/${campaignId}/report`, { key: ctx.a.adminKey }),
      campaignReport,
    );
    expect(report.timeToOpen).toEqual({
      recipients: 5,
      // Linear interpolation between order statistics (numpy's default): the 90th lies 60% of the way to 240.
      minutes: { p25: 20, median: 30, p75: 60, p90: 168 },
    });
  });
});
