import { describe, expect, it } from 'vitest';
import { normalizeIp } from '../../src/lib/ip.js';
import { seededRandom } from '../../src/lib/random.js';
import {
  classifyHit,
  clicksInBursts,
  type EngagementEvent,
  LINK_BURST_MS,
  messageEngagement,
  reviseWithContext,
} from '../../src/services/tracking/classify.js';
import { HONEYPOT_LINK } from '../../src/services/tracking/tokens.js';

// User agents as they arrive in real traffic.
const UA = {
  appleProxy: 'Mozilla/5.0',
  gmailProxy: 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)',
  yahooProxy: 'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html',
  outlookDesktop: 'Mozilla/4.0 (compatible; ms-office; MSOffice 16) Microsoft Outlook 16.0.17928; Pro',
  iphoneMail:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  chrome:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36',
  screenReaderFirefox: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:144.0) Gecko/20100101 Firefox/144.0',
  proofpoint: 'Proofpoint URL Defense/1.0',
  defenderDiscovery: 'Microsoft Office Existence Discovery',
  barracuda: 'Mozilla/5.0 (compatible; Barracuda Sentinel (EE))',
  curl: 'curl/8.5.0',
};

describe('classifyHit: what one hit says on its own', () => {
  it.each([
    ['open', UA.appleProxy, 'machine', 'apple_proxy_agent'],
    ['open', UA.gmailProxy, 'human', 'gmail_proxy_open'],
    ['open', UA.yahooProxy, 'machine', 'proxy_agent'],
    ['open', UA.outlookDesktop, 'human', 'pixel_open'],
    ['open', UA.iphoneMail, 'human', 'pixel_open'],
    ['open', UA.barracuda, 'bot', 'scanner_agent'],
    ['open', null, 'human', 'pixel_open'],
    ['click', UA.chrome, 'human', 'redirect_click'],
    ['click', UA.screenReaderFirefox, 'human', 'redirect_click'],
    ['click', UA.proofpoint, 'bot', 'scanner_agent'],
    ['click', UA.defenderDiscovery, 'bot', 'scanner_agent'],
    ['click', UA.curl, 'bot', 'scanner_agent'],
  ] as const)('%s by %s → %s (%s)', (kind, agent, classification, reason) => {
    expect(classifyHit(kind, kind === 'click' ? 0 : null, agent)).toEqual({ classification, reason });
  });

  it('the honeypot link is a scanner’s, and the Apple proxy agent never marks a click', () => {
    expect(classifyHit('click', HONEYPOT_LINK, UA.chrome)).toEqual({
      classification: 'bot',
      reason: 'honeypot_link',
    });
    expect(classifyHit('click', 1, UA.appleProxy).classification).toBe('human');
  });
});

const delivered = new Date('2026-11-02T09:00:00Z');
const at = (seconds: number) => new Date(delivered.getTime() + seconds * 1000);
let n = 0;
function hit(type: 'open' | 'click', seconds: number, agent: string | null, link: number | null = null) {
  const verdict = classifyHit(type, link, agent);
  return {
    id: `e${n++}`,
    type,
    source: type === 'open' ? 'pixel' : 'redirect',
    occurredAt: at(seconds),
    linkPosition: type === 'click' ? link : null,
    ...verdict,
  } satisfies EngagementEvent;
}
function settle(events: EngagementEvent[], deliveredAt: Date | null = delivered) {
  const revised = reviseWithContext(events, deliveredAt);
  const final = events.map((e) => ({ ...e, ...(revised.get(e.id) ?? {}) }));
  return { final, engagement: messageEngagement(final) };
}

describe('a message’s hits in context: realistic traffic', () => {
  it('Apple prefetch at delivery: a machine open, no human open', () => {
    const { final, engagement } = settle([hit('open', 3, UA.appleProxy)]);
    expect(final[0]).toMatchObject({ classification: 'machine', reason: 'apple_proxy_agent' });
    expect(engagement).toMatchObject({ firstOpenAt: at(3), firstHumanOpenAt: null, openCount: 1 });
  });

  it('another proxy fetching the moment the mail lands is a prefetch, even with a browser agent', () => {
    const { final } = settle([hit('open', 4, UA.chrome), hit('open', 3600, UA.chrome)]);
    expect(final.map((e) => e.reason)).toEqual(['prefetch_at_delivery', 'pixel_open']);
  });

  it('Gmail’s proxy fetches when the reader opens: human', () => {
    const { engagement } = settle([hit('open', 7200, UA.gmailProxy)]);
    expect(engagement.firstHumanOpenAt).toEqual(at(7200));
  });

  it('Outlook / Defender Safe Links: every link and the honeypot within seconds of delivery are a bot', () => {
    const { final, engagement } = settle([
      hit('click', 6, UA.chrome, 0),
      hit('click', 6, UA.chrome, 1),
      hit('click', 7, UA.chrome, HONEYPOT_LINK),
    ]);
    expect(final.every((e) => e.classification === 'bot')).toBe(true);
    expect(engagement).toMatchObject({ firstHumanClickAt: null, firstHumanOpenAt: null, clickCount: 2 });
  });

  it('a scanner clicking several links at once later on (delivery unknown) is a bot', () => {
    const { final } = settle(
      [hit('click', 900, UA.chrome, 0), hit('click', 901, UA.chrome, 1), hit('click', 901, UA.chrome, 2)],
      null,
    );
    expect(final.map((e) => e.reason)).toEqual(Array(3).fill('several_links_at_once'));
  });

  it('Proofpoint’s agent is a bot whenever it comes', () => {
    const { engagement } = settle([hit('click', 5000, UA.proofpoint, 0)]);
    expect(engagement).toMatchObject({ firstClickAt: at(5000), firstHumanClickAt: null });
  });

  it('a screen-reader user who lands on the honeypot and then clicks a link minutes later stays human', () => {
    const { final, engagement } = settle([
      hit('open', 600, UA.screenReaderFirefox),
      hit('click', 640, UA.screenReaderFirefox, HONEYPOT_LINK),
      hit('click', 700, UA.screenReaderFirefox, 0),
    ]);
    expect(final.map((e) => e.classification)).toEqual(['human', 'bot', 'human']);
    expect(engagement).toMatchObject({ firstHumanClickAt: at(700), clickCount: 1 });
  });

  it('a human who opens twice and clicks: one human open at the first, two opens counted, one click', () => {
    const { engagement } = settle([
      hit('open', 1800, UA.iphoneMail),
      hit('open', 86_400, UA.iphoneMail),
      hit('click', 86_460, UA.iphoneMail, 1),
    ]);
    expect(engagement).toEqual({
      firstOpenAt: at(1800),
      firstHumanOpenAt: at(1800),
      firstClickAt: at(86_460),
      firstHumanClickAt: at(86_460),
      openCount: 2,
      clickCount: 1,
    });
  });

  it('a human click proves an open the pixel never saw (images off), before any machine open', () => {
    const { engagement } = settle([hit('open', 2, UA.appleProxy), hit('click', 3000, UA.chrome, 0)]);
    expect(engagement).toMatchObject({ firstOpenAt: at(2), firstHumanOpenAt: at(3000) });
  });

  it('SendGrid’s open and ours merge into one human open; its machine flag is never revised away', () => {
    const sendgrid = (seconds: number, machine: boolean): EngagementEvent => ({
      id: `sg${n++}`,
      type: 'open',
      source: 'sendgrid',
      occurredAt: at(seconds),
      linkPosition: null,
      classification: machine ? 'machine' : 'human',
      reason: machine ? 'sendgrid_machine_open' : 'sendgrid_open',
    });
    const { engagement } = settle([hit('open', 500, UA.iphoneMail), sendgrid(501, false), sendgrid(2, true)]);
    expect(engagement).toMatchObject({ firstOpenAt: at(2), firstHumanOpenAt: at(500), openCount: 3 });
  });
});

describe('clicksInBursts', () => {
  it('finds exactly the clicks with another link within the burst window, as checking every pair would', () => {
    const random = seededRandom('bursts');
    for (let round = 0; round < 200; round++) {
      const n = Math.floor(random() * 40);
      const span = random() < 0.5 ? 5_000 : 120_000;
      const clicks: EngagementEvent[] = Array.from({ length: n }, (_, i) => ({
        id: `c${i}`,
        type: 'click',
        source: 'redirect',
        // Whole and half seconds, so clicks exactly LINK_BURST_MS apart occur too.
        occurredAt: new Date(1_800_000_000_000 + Math.floor((random() * span) / 500) * 500),
        linkPosition: random() < 0.1 ? HONEYPOT_LINK : Math.floor(random() * 3),
        classification: 'human',
        reason: 'redirect_click',
      }));
      const pairwise = clicks.filter((c) =>
        clicks.some(
          (o) =>
            o.linkPosition !== c.linkPosition &&
            Math.abs(o.occurredAt.getTime() - c.occurredAt.getTime()) <= LINK_BURST_MS,
        ),
      );
      expect([...clicksInBursts(clicks)].sort()).toEqual(pairwise.map((c) => c.id).sort());
    }
  });
});

describe('normalizeIp', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['256.1.1.1', null],
    ['1.2.3', null],
    ['example.com', null],
    ['1.2.3.4, 5.6.7.8', null],
    ['', null],
    [null, null],
  ])('%s → %s', (input, expected) => {
    expect(normalizeIp(input)).toBe(expected);
  });
});
