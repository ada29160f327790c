/**
 * Who opened or clicked: a person (`human`), a mail proxy fetching images for nobody in particular
 * (`machine`), or a link scanner (`bot`) — always with the reason, and revisable when later evidence arrives
 * (a `delivered` time, another click). Pure: the database layer feeds it hits and a message's events.
 */
import { HONEYPOT_LINK } from './tokens.js';

export type Classification = 'human' | 'machine' | 'bot';
export interface Verdict {
  classification: Classification;
  reason: string;
}

/** Opens this soon after delivery are a proxy fetching the mail as it arrives, not a reader. */
export const PREFETCH_WINDOW_MS = 15_000;
/** Clicks this soon after delivery are a scanner following links before anyone could have read them. */
export const SCANNER_CLICK_WINDOW_MS = 30_000;
/** Different links of one message clicked within this span are followed by a program, not chosen by a person. */
export const LINK_BURST_MS = 2_000;

// Security gateways and crawlers that fetch mail images and follow links (Microsoft Defender / Safe Links,
// Proofpoint, Mimecast, Barracuda, Cisco, Trend Micro, Sophos, …) and generic HTTP clients. Not "ms-office":
// Outlook itself sends that when a person opens the mail.
const SCANNER_AGENT =
  /bot\b|crawler|spider|scanner|proofpoint|urldefense|mimecast|barracuda|safelinks|microsoft office (protocol|existence) discovery|ironport|cisco|trend ?micro|symantec|messagelabs|forcepoint|sophos|fireeye|zscaler|headlesschrome|phantomjs|python-|curl\/|wget\/|go-http-client|java\/|okhttp|libwww|axios\/|node-fetch|undici/i;
// Apple Mail Privacy Protection's proxy announces itself with the bare product token and nothing else.
const APPLE_PROXY_AGENT = /^Mozilla\/5\.0$/;
// Gmail's image proxy fetches when the reader opens the message: a person.
const GMAIL_PROXY_AGENT = /GoogleImageProxy|ggpht\.com/i;
// Other image proxies that fetch at delivery, whatever the reader does.
const PREFETCH_PROXY_AGENT = /YahooMailProxy|Yahoo! Slurp|mail\.ru|WebMail ImageProxy/i;

export type HitKind = 'open' | 'click';

/**
 * What a single hit says about itself: its user agent, its link, and whether it came from one of Apple's
 * published egress ranges — which marks opens only: Private Relay users click from the same addresses.
 */
export function classifyHit(
  kind: HitKind,
  link: number | null,
  userAgent: string | null,
  fromAppleRange = false,
): Verdict {
  const agent = userAgent?.trim() ?? '';
  if (kind === 'click' && link === HONEYPOT_LINK) return { classification: 'bot', reason: 'honeypot_link' };
  if (SCANNER_AGENT.test(agent)) return { classification: 'bot', reason: 'scanner_agent' };
  if (kind === 'open') {
    if (fromAppleRange) return { classification: 'machine', reason: 'apple_proxy_ip' };
    if (APPLE_PROXY_AGENT.test(agent)) return { classification: 'machine', reason: 'apple_proxy_agent' };
    if (GMAIL_PROXY_AGENT.test(agent)) return { classification: 'human', reason: 'gmail_proxy_open' };
    if (PREFETCH_PROXY_AGENT.test(agent)) return { classification: 'machine', reason: 'proxy_agent' };
    return { classification: 'human', reason: 'pixel_open' };
  }
  return { classification: 'human', reason: 'redirect_click' };
}

/** One open or click of a message, as the revision below needs it. */
export interface EngagementEvent {
  id: string;
  type: HitKind;
  source: 'pixel' | 'redirect' | 'sendgrid';
  occurredAt: Date;
  linkPosition: number | null;
  classification: Classification | null;
  reason: string | null;
}

// Verdicts a message's context may still overturn: a hit that looked like a person on its own.
const REVISABLE = new Set(['pixel_open', 'redirect_click']);

/**
 * Re-examines a message's own hits in the light of the others and of its delivery time. Only hits that looked
 * human on their own are revised, and only towards machine or bot: evidence accumulates, it never un-proves.
 * The honeypot link is never the only reason: it counts as one of several links clicked at once.
 */
export function reviseWithContext(events: EngagementEvent[], deliveredAt: Date | null): Map<string, Verdict> {
  const revised = new Map<string, Verdict>();
  const bursts = clicksInBursts(events.filter((e) => e.type === 'click' && e.linkPosition !== null));
  for (const event of events) {
    if (event.source === 'sendgrid' || !REVISABLE.has(event.reason ?? '')) continue;
    const sinceDelivery = deliveredAt ? event.occurredAt.getTime() - deliveredAt.getTime() : null;
    if (event.type === 'open') {
      if (sinceDelivery !== null && sinceDelivery >= 0 && sinceDelivery <= PREFETCH_WINDOW_MS) {
        revised.set(event.id, { classification: 'machine', reason: 'prefetch_at_delivery' });
      }
      continue;
    }
    if (sinceDelivery !== null && sinceDelivery >= 0 && sinceDelivery <= SCANNER_CLICK_WINDOW_MS) {
      revised.set(event.id, { classification: 'bot', reason: 'click_at_delivery' });
      continue;
    }
    if (bursts.has(event.id))
      revised.set(event.id, { classification: 'bot', reason: 'several_links_at_once' });
  }
  return revised;
}

/**
 * The clicks with a click on another link within LINK_BURST_MS of them. One pass over the clicks in time
 * order with a sliding window that counts its clicks per link, so a message clicked thousands of times costs
 * thousands of steps, not millions.
 */
export function clicksInBursts(clicks: EngagementEvent[]): Set<string> {
  const sorted = [...clicks].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const at = (i: number) => sorted[i]?.occurredAt.getTime() ?? Number.POSITIVE_INFINITY;
  const perLink = new Map<number | null, number>();
  const count = (link: number | null, by: number) => perLink.set(link, (perLink.get(link) ?? 0) + by);
  const inBurst = new Set<string>();
  let lo = 0;
  let hi = 0;
  for (const [i, click] of sorted.entries()) {
    const t = at(i);
    for (; hi < sorted.length && at(hi) <= t + LINK_BURST_MS; hi++)
      count(sorted[hi]?.linkPosition ?? null, 1);
    for (; at(lo) < t - LINK_BURST_MS; lo++) count(sorted[lo]?.linkPosition ?? null, -1);
    // The window [t − LINK_BURST_MS, t + LINK_BURST_MS] holds hi − lo clicks; any not on this link make a burst.
    if (hi - lo > (perLink.get(click.linkPosition) ?? 0)) inBurst.add(click.id);
  }
  return inBurst;
}

export interface MessageEngagement {
  firstOpenAt: Date | null;
  firstHumanOpenAt: Date | null;
  firstClickAt: Date | null;
  firstHumanClickAt: Date | null;
  openCount: number;
  clickCount: number;
}

const earliest = (dates: Date[]): Date | null =>
  dates.length === 0 ? null : new Date(Math.min(...dates.map((d) => d.getTime())));

/**
 * A message's engagement by DESIGN.md's counting rule: a human click proves a human open; our pixel and
 * SendGrid's merge, so two of them never make two opens; the honeypot link is not a click on the content.
 */
export function messageEngagement(events: EngagementEvent[]): MessageEngagement {
  const opens = events.filter((e) => e.type === 'open');
  const clicks = events.filter((e) => e.type === 'click' && e.linkPosition !== HONEYPOT_LINK);
  const humanClicks = clicks.filter((e) => e.classification === 'human');
  const humanOpens = opens.filter((e) => e.classification === 'human');
  return {
    firstOpenAt: earliest([...opens, ...humanClicks].map((e) => e.occurredAt)),
    firstHumanOpenAt: earliest([...humanOpens, ...humanClicks].map((e) => e.occurredAt)),
    firstClickAt: earliest(clicks.map((e) => e.occurredAt)),
    firstHumanClickAt: earliest(humanClicks.map((e) => e.occurredAt)),
    openCount: opens.length,
    clickCount: clicks.length,
  };
}
