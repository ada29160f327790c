import type { Clock } from '../deps.js';
import { uuidv7 } from '../lib/ids.js';
import type { Mailer } from '../mail/mailer.js';

/** The demo's scenario: the effects it plants for Kaifu's analysis to find, and the stand-ins it runs on. */

/** What the demo plants, so that Kaifu's own analysis has something true to find. */
export const PLANTED = {
  /** Tuesday 10:00 in the lead's own zone: +12 points of human opens. */
  bestSlot: { weekday: 2, hour: 10, lift: 0.12 },
  /** A question in the subject: +5 points. */
  questionLift: 0.05,
  /** Inbound leads book meetings at twice the rate of outbound ones. */
  meetingRate: { inbound: 0.12, outbound: 0.06 },
  winRate: 0.3,
  /** Apple Mail Privacy Protection and other proxies open for this share of recipients. */
  machineShare: 0.4,
  baseOpenRate: 0.18,
  /** A corporate link scanner clicks every link on delivery for this share of recipients. */
  scannerShare: 0.03,
  /** This share of people who open one mail unsubscribe from it. */
  unsubscribeShare: 0.01,
  /** The newest campaign's automatic A/B test: 40% try both subjects, the rest get the winner a day later. */
  abTest: {
    share: 0.4,
    waitHours: 24,
    metric: 'human_open',
    minPerVariant: 50,
    winThreshold: 0.95,
    fallback: 'best',
  },
} as const;

export const ZONES = [
  'Asia/Tokyo',
  'Asia/Tokyo',
  'Asia/Singapore',
  'Europe/London',
  'America/New_York',
  'America/Los_Angeles',
];
export const SLOTS = [
  { weekday: 2, time: '10:00' },
  { weekday: 2, time: '15:00' },
  { weekday: 4, time: '10:00' },
  { weekday: 4, time: '17:00' },
  { weekday: 1, time: '09:00' },
  { weekday: 3, time: '12:00' },
];
// Pairs that differ only by the question, so the question is the one subject feature the data can credit.
export const SUBJECTS: [string, string][] = [
  ['今月の製品アップデートのご案内', '今月の製品アップデート、もうご覧になりましたか？'],
  ['New reporting your team will use', 'Is your team still exporting reports by hand?'],
  ['受注率を上げた営業チームの事例', '受注率を上げた営業チームは何をしたのか？'],
  ['Webinar: nurture emails that get opened', 'Why do some nurture emails get opened?'],
];
export const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)';
export const DESKTOP =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Safari/537.36';
export const SCANNER = 'Mozilla/5.0 (compatible; Barracuda Sentinel; +https://www.barracuda.com)';
// One of Apple's egress ranges, as the demo's stand-in for the published list.
export const APPLE_RANGE = '17.58.0.0/16';

/** A clock the demo moves by hand: six months of nurture in a few seconds of wall time. */
export class SimulatedClock implements Clock {
  constructor(private current: Date) {}
  now() {
    return new Date(this.current);
  }
  set(at: Date) {
    this.current = new Date(at);
  }
}

/** SendGrid as the demo needs it, in process: every request accepted with a message id. */
export const demoMailer: Mailer = {
  async send() {
    return { kind: 'accepted', providerMessageId: `demo-${uuidv7()}` };
  },
};
