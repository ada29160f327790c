import { route as listOutbox } from '../../src/routes/campaigns/outbox.js';
import { runDueWork } from '../../src/services/due-work.js';
import { createTokenVerifier } from '../../src/services/tracking/tokens.js';
import { bodyOf } from './bodies.js';
import { scheduledCampaign } from './sending.js';
import type { TestContext } from './test-app.js';

/** A body with three tracked links, whose texts trackedMails reads the clicks by. */
export const THREE_LINKS =
  '<p>{{name}}</p><a href="https://acme.example/offer">Offer</a> <a href="https://acme.example/case">Case</a> ' +
  '<a href="https://acme.example/demo">Demo</a>';
/** A desktop browser: a human, as far as its user agent tells. */
export const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36';

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
  await runDueWork({ deps: ctx.deps, now: ctx.clock.now() });
  const res = await ctx.request(`/v1/campaigns/${campaignId}/outbox?limit=100`, { key: ctx.a.adminKey });
  const verifier = await createTokenVerifier([ctx.deps.config.secret]);
  const pathOf = (url: string) => new URL(url).pathname;
  const mails: Mail[] = [];
  for (const m of (await bodyOf(res, listOutbox)).data) {
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
