import { runDueWork } from '../../src/services/due-work';
import { createTokenVerifier } from '../../src/tracking/tokens';
import { scheduledCampaign } from './sending';
import type { TestContext } from './test-app';

/** One message's tracking paths, as its rendered mail carries them. */
export interface Mail {
  messageId: string;
  open: string;
  clicks: string[];
  honeypot: string;
}

/**
 * A campaign to `n` contacts sent to the outbox (the workspace has no SendGrid key), and each mail's open,
 * click and honeypot paths read back from the rendered HTML. Link texts name the clicks: `Offer`, `Case`, `Demo`.
 */
export async function trackedMails(
  ctx: TestContext,
  n: number,
  label: string,
  html: string,
): Promise<Mail[]> {
  const { campaignId } = await scheduledCampaign(ctx, ctx.a, n, label, { html });
  ctx.clock.advance(2 * 60_000);
  await runDueWork(ctx.deps, ctx.clock.now());
  const res = await ctx.request(`/v1/campaigns/${campaignId}/outbox?limit=100`, { key: ctx.a.adminKey });
  const verifier = await createTokenVerifier([ctx.deps.config.secret]);
  const pathOf = (url: string) => new URL(url).pathname;
  const mails: Mail[] = [];
  for (const m of ((await res.json()) as { data: { html: string }[] }).data) {
    const open = pathOf(/<img src="([^"]+)"/.exec(m.html)?.[1] ?? '');
    const clicks = [...m.html.matchAll(/<a href="([^"]+)">(Offer|Case|Demo)/g)].map((x) =>
      pathOf(x[1] ?? ''),
    );
    const honeypot = pathOf(/<a href="([^"]+)" aria-hidden="true"/.exec(m.html)?.[1] ?? '');
    const claims = await verifier.verify(open.split('/').pop() ?? '');
    mails.push({ messageId: claims?.messageId ?? '', open, clicks, honeypot });
  }
  return mails;
}
