import { and, eq, inArray } from 'drizzle-orm';
import { contacts, messages, variants } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import { seededRandom } from '../lib/random.js';
import { localParts } from '../lib/time-zones.js';
import { scheduleCampaign } from '../services/campaigns/schedule-campaign.js';
import { createCampaign } from '../services/campaigns/write-campaigns.js';
import { importContacts } from '../services/contacts/import-contacts.js';
import { runDueWork } from '../services/due-work.js';
import { recordConversions } from '../services/kpi/conversions.js';
import { setTargets } from '../services/kpi/plan.js';
import { createList } from '../services/lists/lists.js';
import { addListMembers } from '../services/lists/members.js';
import { ingestProviderEvents } from '../services/sendgrid/ingest-provider-events.js';
import { updateSendgridSettings } from '../services/sendgrid/settings.js';
import { replaceAppleRanges } from '../services/tracking/apple-ranges.js';
import { receivedHit, type TrackingHit } from '../services/tracking/hit.js';
import { storeHits } from '../services/tracking/record-hits.js';
import type { TokenClaims } from '../services/tracking/tokens.js';
import { oneClickUnsubscribe } from '../services/tracking/unsubscribe.js';
import { createWorkspace } from '../services/workspaces/create-workspace.js';
import { updateWorkspace } from '../services/workspaces/workspace-settings.js';
import {
  APPLE_RANGE,
  DESKTOP,
  IPHONE,
  PLANTED,
  SCANNER,
  type SimulatedClock,
  SLOTS,
  SUBJECTS,
  ZONES,
} from './scenario.js';

export interface DemoOptions {
  contacts: number;
  campaigns: number;
  /** The simulation ends here (usually now); it starts a week per campaign before. */
  endAt: Date;
  seed?: string;
}

/**
 * A demo workspace with months of nurture through the same services the HTTP paths use: contacts across zones
 * imported, campaigns created and scheduled at local times, dispatched (to an in-process SendGrid), delivered
 * (SendGrid events), opened and clicked (tracking hits: people, and Apple's proxy for ~40% of recipients),
 * meetings and wins recorded from a CRM — with the effects in PLANTED. `deps.clock` must be `clock`.
 */
export async function buildDemo({
  deps,
  clock,
  options,
}: {
  deps: Deps;
  clock: SimulatedClock;
  options: DemoOptions;
}) {
  const random = seededRandom(options.seed ?? 'kaifu-demo');
  const start = new Date(options.endAt.getTime() - options.campaigns * 7 * 86_400_000);
  clock.set(start);
  const created = await createWorkspace({
    db: deps.db,
    input: {
      name: 'Demo: Acme inside sales',
      now: start,
      defaultTimezone: 'Asia/Tokyo',
    },
  });
  const actor = {
    workspaceId: created.workspaceId,
    keyId: created.adminKeyId,
    role: 'admin' as const,
    requestId: null,
  };
  await updateWorkspace({
    deps,
    actor,
    input: {
      sender: { name: 'Acme 営業部', email: 'news@acme.example', postalAddress: '東京都千代田区丸の内1-1-1' },
    },
  });
  // Only while the demo is built, through the in-process mailer; removed at the end (see below).
  await updateSendgridSettings({ deps, actor, input: { apiKey: 'SG.demo-in-process' } });
  await replaceAppleRanges({ db: deps.db, ranges: [APPLE_RANGE], now: start });

  const rows = Array.from({ length: options.contacts }, (_, i) => ({
    email: `lead${i}@demo-${i % 97}.example`,
    name: `Lead ${i}`,
    company: `Company ${i % 97}`,
    timezone: ZONES[i % ZONES.length],
    leadSource: random() < 0.4 ? 'inbound' : 'outbound',
    consent: { source: 'demo', at: start.toISOString() },
  }));
  await importContacts({ deps, workspaceId: created.workspaceId, rows });
  const list = await createList({ deps, actor, input: { name: 'Nurture: all leads' } });
  await addListMembers({
    deps,
    workspaceId: created.workspaceId,
    listId: list.id,
    refs: { emails: rows.map((r) => r.email) },
  });
  const leadSourceOf = new Map(rows.map((r) => [r.email, r.leadSource]));
  const rowIndex = new Map(rows.map((r, i) => [r.email, i]));
  const contactRows = await deps.db
    .select({ id: contacts.id, email: contacts.email })
    .from(contacts)
    .where(eq(contacts.workspaceId, created.workspaceId));
  const emailOf = new Map(contactRows.map((c) => [c.id, c.email ?? '']));
  const rowOf = new Map(contactRows.map((c) => [c.id, rowIndex.get(c.email ?? '') ?? 0]));
  // One address in fifty is dead: its first mail bounces (lead0, the README's example, is alive).
  const deadRows = new Set(rows.map((_, i) => i).filter((i) => i % 50 === 49));

  // What happened to each sent message, waiting for its moment: SendGrid's events, tracking hits (people,
  // Apple's proxy, link scanners) and one-click unsubscribes. advanceTo() carries out what is due, then the cron's
  // work, so a bounce suppresses the address before the next campaign and an A/B test is decided on its opens.
  const pending = {
    events: [] as { at: Date; event: Record<string, unknown> }[],
    hits: [] as TrackingHit[],
    unsubscribes: [] as { at: Date; claims: TokenClaims }[],
  };
  const outcomes = { bounces: 0, unsubscribes: 0, botClicks: 0 };
  const take = <T>(items: T[], due: (item: T) => boolean) => {
    const now = items.filter(due);
    const later = items.filter((item) => !due(item));
    items.splice(0, items.length, ...later);
    return now;
  };
  async function advanceTo(at: Date, { everything = false } = {}) {
    const by = (t: Date) => everything || t.getTime() <= at.getTime();
    clock.set(at);
    const events = take(pending.events, (e) => by(e.at)).sort((x, y) => x.at.getTime() - y.at.getTime());
    for (let i = 0; i < events.length; i += 1000) {
      const batch = events.slice(i, i + 1000).map((e) => e.event);
      await ingestProviderEvents({ deps, workspaceId: created.workspaceId, batch });
    }
    const hits = take(pending.hits, (h) => by(h.at)).sort((x, y) => x.at.getTime() - y.at.getTime());
    for (let i = 0; i < hits.length; i += 1000) await storeHits({ deps, hits: hits.slice(i, i + 1000) });
    for (const u of take(pending.unsubscribes, (u) => by(u.at))) {
      clock.set(u.at);
      await oneClickUnsubscribe({ deps, claims: u.claims });
    }
    clock.set(at);
    await runDueWork({ deps, now: at });
  }

  let sentCount = 0;
  let hitCount = 0;
  const simulated = new Set<string>();
  const engaged = new Map<string, Date[]>(); // contact → when a person opened their mail
  /** Draws what happens to each newly sent message of a campaign, in the order of the contacts (so the seed's
   * draws go to the same leads on every run), and queues it. */
  async function simulateSent(campaignId: string) {
    const sent = (
      await deps.db
        .select()
        .from(messages)
        .where(
          and(
            eq(messages.workspaceId, created.workspaceId),
            eq(messages.campaignId, campaignId),
            eq(messages.status, 'sent'),
          ),
        )
    )
      .filter((m) => !simulated.has(m.id))
      .sort((x, y) => (rowOf.get(x.contactId) ?? 0) - (rowOf.get(y.contactId) ?? 0));
    for (const m of sent) {
      simulated.add(m.id);
      sentCount++;
      const sentAt = m.sentAt ?? start;
      const deliveredAt = new Date(sentAt.getTime() + 2000 + random() * 5000);
      const sendgrid = {
        email: 'lead@demo.example',
        timestamp: Math.floor(deliveredAt.getTime() / 1000),
        sg_event_id: `demo-${m.id}`,
        sg_message_id: m.providerMessageId ?? 'demo',
        kaifu_message_id: m.id,
      };
      if (deadRows.has(rowOf.get(m.contactId) ?? -1)) {
        // A dead address: SendGrid reports the bounce, and Kaifu suppresses it for every later campaign.
        const event = {
          ...sendgrid,
          event: 'bounce',
          type: 'bounce',
          bounce_classification: 'Invalid Address',
        };
        pending.events.push({ at: deliveredAt, event });
        outcomes.bounces++;
        continue;
      }
      pending.events.push({ at: deliveredAt, event: { ...sendgrid, event: 'delivered' } });
      const base = { workspaceId: created.workspaceId, messageId: m.id, link: null };
      const hit = (h: Omit<Parameters<typeof receivedHit>[0], 'workspaceId' | 'messageId'>) => {
        hitCount++;
        pending.hits.push(receivedHit({ ...base, ...h }));
      };
      if (random() < PLANTED.scannerShare) {
        // A corporate link scanner follows every link on delivery, before anyone could have read the mail.
        outcomes.botClicks += 2;
        for (const link of [0, 1]) {
          const at = new Date(deliveredAt.getTime() + 1000 + link * 200);
          hit({ kind: 'click', link, at, ip: '198.51.100.25', userAgent: SCANNER });
        }
      }
      if (random() < PLANTED.machineShare) {
        const at = new Date(deliveredAt.getTime() + 3000);
        hit({ kind: 'open', link: null, at, ip: '17.58.10.20', userAgent: 'Mozilla/5.0' });
      }
      const local = localParts(sentAt, m.timezone);
      const rate =
        PLANTED.baseOpenRate +
        (local.weekday === PLANTED.bestSlot.weekday && local.hour === PLANTED.bestSlot.hour
          ? PLANTED.bestSlot.lift
          : 0) +
        (questionVariants.has(m.variantId ?? '') ? PLANTED.questionLift : 0);
      if (random() >= rate) continue;
      const openedAt = new Date(deliveredAt.getTime() + (0.5 + random() * 30) * 3_600_000);
      hit({
        kind: 'open',
        link: null,
        at: openedAt,
        ip: '203.0.113.50',
        userAgent: random() < 0.5 ? IPHONE : DESKTOP,
      });
      if (random() < 0.25) {
        const at = new Date(openedAt.getTime() + 60_000);
        hit({ kind: 'click', link: 0, at, ip: '203.0.113.50', userAgent: DESKTOP });
      }
      engaged.set(m.contactId, [...(engaged.get(m.contactId) ?? []), openedAt]);
      if (random() < PLANTED.unsubscribeShare) {
        const claims = {
          kind: 'unsubscribe' as const,
          workspaceId: created.workspaceId,
          messageId: m.id,
          link: 0,
          campaignId,
        };
        pending.unsubscribes.push({ at: new Date(openedAt.getTime() + 120_000), claims });
        outcomes.unsubscribes++;
      }
    }
  }

  const questionVariants = new Set<string>();
  let abTestCampaignId = '';
  for (let c = 0; c < options.campaigns; c++) {
    const weekStart = new Date(start.getTime() + c * 7 * 86_400_000);
    await advanceTo(weekStart);
    const slot = SLOTS[c % SLOTS.length] ?? { weekday: 2, time: '10:00' };
    const [plain, question] = SUBJECTS[c % SUBJECTS.length] ?? ['News', 'News?'];
    // The newest campaign is an automatic A/B test: a share of the list tries both subjects, the rest gets the
    // winner a day later.
    const abTest = c === options.campaigns - 1;
    const campaign = await createCampaign({
      deps,
      actor,
      input: {
        name: `Nurture #${c + 1}`,
        listId: list.id,
        from: { email: 'news@acme.example', name: 'Acme' },
        html: '<p>{{name}} 様</p><p><a href="https://acme.example/case">事例を読む</a> <a href="https://acme.example/demo">デモを予約</a></p>',
        variants: [{ subject: plain }, { subject: question }],
        ...(abTest ? { test: PLANTED.abTest } : {}),
      },
    });
    if (abTest) abTestCampaignId = campaign.id;
    const vs = await deps.db
      .select()
      .from(variants)
      .where(and(eq(variants.workspaceId, created.workspaceId), eq(variants.campaignId, campaign.id)));
    for (const v of vs) if (v.position === 1) questionVariants.add(v.id);
    // The next date (one to seven days on) with the slot's weekday, at its local time in each lead's zone.
    const ahead = (slot.weekday - weekStart.getUTCDay() + 7) % 7 || 7;
    const date = new Date(weekStart.getTime() + ahead * 86_400_000);
    await scheduleCampaign({
      deps,
      actor,
      campaignId: campaign.id,
      schedule: { type: 'local', date: date.toISOString().slice(0, 10), time: slot.time },
    });
    // Dispatch at each zone's send time exactly, as the cron would: the local hour is that of the actual send.
    // A test's held remainder waits, an hour at a time, for its decision, then goes out at its own times.
    for (let step = 0; ; step++) {
      if (step > 24 * 14) throw new Error(`demo: ${campaign.name} still has unsent messages after two weeks`);
      const waiting = await deps.db
        .select({ status: messages.status, dueAt: messages.dueAt })
        .from(messages)
        .where(
          and(
            eq(messages.workspaceId, created.workspaceId),
            eq(messages.campaignId, campaign.id),
            inArray(messages.status, ['scheduled', 'held']),
          ),
        );
      if (waiting.length === 0) break;
      const due = waiting.filter((m) => m.status === 'scheduled').map((m) => m.dueAt.getTime());
      await advanceTo(new Date(due.length > 0 ? Math.min(...due) : clock.now().getTime() + 3_600_000));
      await simulateSent(campaign.id);
    }
  }
  // Everything still to happen is recorded by the end (a last campaign's opens may fall after it).
  await advanceTo(options.endAt, { everything: true });

  // The CRM: engaged leads book meetings (inbound twice as often), some of which are won.
  const conversions: Record<string, unknown>[] = [];
  const end = options.endAt.getTime();
  for (const [contactId, opens] of engaged) {
    const email = emailOf.get(contactId);
    if (!email) continue;
    const source = leadSourceOf.get(email) === 'inbound' ? 'inbound' : 'outbound';
    if (random() >= PLANTED.meetingRate[source]) continue;
    // A meeting a few days after one of the times the lead opened, so meetings spread over the months.
    const at = opens[Math.floor(random() * opens.length)] ?? options.endAt;
    const meetingAt = new Date(at.getTime() + (1 + random() * 10) * 86_400_000);
    if (meetingAt.getTime() > end) continue;
    conversions.push({
      type: 'meeting',
      contactId,
      occurredAt: meetingAt.toISOString(),
      externalId: `MTG-${contactId.slice(-8)}`,
    });
    if (random() < PLANTED.winRate) {
      const wonAt = new Date(Math.min(meetingAt.getTime() + (5 + random() * 20) * 86_400_000, end));
      conversions.push({
        type: 'won',
        contactId,
        occurredAt: wonAt.toISOString(),
        amount: Math.round(500_000 + random() * 2_000_000),
        externalId: `DEAL-${contactId.slice(-8)}`,
      });
    }
  }
  await recordConversions({ deps, workspaceId: created.workspaceId, rows: conversions });
  const month = options.endAt.toISOString().slice(0, 7);
  await setTargets({
    deps,
    workspaceId: created.workspaceId,
    month,
    input: {
      wonTarget: 12,
      openRateTarget: 0.25,
      defaultMeetingRate: null,
      defaultWinRate: null,
    },
  });
  // The demo server sends for real only once its user stores a SendGrid key: until then, to the outbox.
  await updateSendgridSettings({ deps, actor, input: { apiKey: null } });
  return {
    workspaceId: created.workspaceId,
    adminKey: created.adminKey,
    listId: list.id,
    abTestCampaignId,
    month,
    messages: sentCount,
    hits: hitCount,
    conversions: conversions.length,
    ...outcomes,
  };
}
