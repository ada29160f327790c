import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { campaigns, messages } from '../../src/db/schema/index.js';
import { seededRandom } from '../../src/lib/random.js';
import { localParts } from '../../src/lib/time-zones.js';
import { route as getRecommendations } from '../../src/routes/analysis/recommendations.js';
import { route as listSendTimes } from '../../src/routes/analysis/send-times.js';
import { route as createCampaign } from '../../src/routes/campaigns/create.js';
import { route as getCampaign } from '../../src/routes/campaigns/get.js';
import { route as getContactSendTime } from '../../src/routes/contacts/send-time.js';
import { runDueWork } from '../../src/services/due-work.js';
import { ingestProviderEvents } from '../../src/services/sendgrid/ingest-provider-events.js';
import { receivedHit } from '../../src/services/tracking/hit.js';
import { storeHits } from '../../src/services/tracking/record-hits.js';
import { createTokenSigner } from '../../src/services/tracking/tokens.js';
import { campaignBody, importContacts, makeList, setSender } from '../helpers/audience.js';
import { bodyOf } from '../helpers/bodies.js';
import { sgEvent } from '../helpers/sendgrid-webhook.js';
import { show, useTestContext } from '../helpers/test-app.js';

const ZONES = ['Asia/Tokyo', 'America/New_York', 'Europe/Berlin', 'Australia/Sydney'];
const LOCAL_HOURS = ['08:00', '10:00', '14:00', '17:00'];
// Monday to Thursday: one campaign a day, each at its own local hour.
const DATES = ['2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03'];
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15';
const CONTACTS = 1200;

/**
 * A seeded simulation through the real paths — scheduling in each lead's zone, dispatch, SendGrid's delivered
 * events, pixel hits — with planted effects: 10:00 local beats every other hour by 15 points, a question in the
 * subject adds 5, and machines (Apple's proxy) open for 40% of recipients. The analysis must find both effects
 * and nothing else, and the send-time API and the optimized schedule must follow them.
 */
describe('recommendations and send times recover planted effects (postgres)', () => {
  const ctx = useTestContext('postgres');

  it('finds the best local hour and the subject feature, and schedules by them', async () => {
    await setSender(ctx, ctx.a);
    const ids = await importContacts(
      ctx,
      Array.from({ length: CONTACTS }, (_, i) => ({
        email: `sim-${i}@example.com`,
        timezone: ZONES[i % ZONES.length],
        leadSource: i % 2 ? 'inbound' : 'outbound',
      })),
    );
    const listId = await makeList(ctx, 'Simulation', [...ids.values()]);
    const signer = await createTokenSigner(ctx.deps.config.secret);
    const campaignIds: string[] = [];
    for (const [day, time] of LOCAL_HOURS.entries()) {
      const created = await ctx.request('/v1/campaigns', {
        method: 'POST',
        key: ctx.a.adminKey,
        json: campaignBody(listId, {
          name: `Sim ${time}`,
          variants: [{ subject: 'Your November update' }, { subject: 'Ready for your November update?' }],
        }),
      });
      const { id } = await bodyOf(created, createCampaign, 201);
      campaignIds.push(id);
      // A fixed assignment seed: the whole simulation is reproducible, run after run.
      await ctx.db.handle.db
        .update(campaigns)
        .set({ seed: `sim-${day}` })
        .where(eq(campaigns.id, id));
      const scheduled = await ctx.request(`/v1/campaigns/${id}/schedule`, {
        method: 'POST',
        key: ctx.a.adminKey,
        json: { schedule: { type: 'local', date: DATES[day], time } },
      });
      expect(scheduled.status, await show(scheduled)).toBe(200);
    }
    // Dispatch everything, day by day.
    for (let hour = 0; hour < 8 * 24; hour++) {
      ctx.clock.advance(3_600_000);
      await runDueWork({ deps: ctx.deps, now: ctx.clock.now() });
    }
    const sent = await ctx.db.handle.db
      .select()
      .from(messages)
      .where(inArray(messages.campaignId, campaignIds));
    expect(
      sent.filter((m) => m.status !== 'sent').map((m) => [m.status, m.lastError, m.dueAt])[0],
    ).toBeUndefined();
    expect(sent).toHaveLength(CONTACTS * LOCAL_HOURS.length);

    // SendGrid reports every delivery a few seconds after the send; then machines and people open.
    const subjects = new Map<string, string>();
    for (const m of sent) subjects.set(m.id, m.variantId ?? '');
    const questionVariants = new Set<string>();
    for (const id of campaignIds) {
      const res = await ctx.request(`/v1/campaigns/${id}`, { key: ctx.a.adminKey });
      const body = await bodyOf(res, getCampaign);
      for (const v of body.variants) if (v.subject.includes('?')) questionVariants.add(v.id);
    }
    for (let i = 0; i < sent.length; i += 500) {
      await ingestProviderEvents({
        deps: ctx.deps,
        workspaceId: ctx.a.workspaceId,
        batch: sent
          .slice(i, i + 500)
          .map((m) => sgEvent('delivered', m.id, new Date((m.sentAt?.getTime() ?? 0) + 3000))),
      });
    }
    const pixel = async (messageId: string, agent: string, ip: string) => {
      const token = signer.sign({ kind: 'open', workspaceId: ctx.a.workspaceId, messageId, link: 0 });
      const res = await ctx.request(`/t/o/${token}`, {
        headers: { 'User-Agent': agent, 'X-Forwarded-For': ip },
      });
      expect(res.status).toBe(200);
    };
    const opens: Promise<void>[] = [];
    // Each recipient's draws come from its address and campaign, not from the order the rows come back in:
    // ids are random, so an order-driven draw would change the data from run to run.
    const emailOf = new Map([...ids.entries()].map(([email, id]) => [id, email]));
    for (const m of sent) {
      const local = localParts(m.sentAt ?? new Date(0), m.timezone);
      const humanRate =
        0.15 + (local.hour === 10 ? 0.15 : 0) + (questionVariants.has(m.variantId ?? '') ? 0.05 : 0);
      const draw = seededRandom(
        `planted-effects/${emailOf.get(m.contactId)}/${campaignIds.indexOf(m.campaignId)}`,
      );
      if (draw() < 0.4) opens.push(pixel(m.id, 'Mozilla/5.0', '17.58.1.1'));
      if (draw() < humanRate) opens.push(pixel(m.id, IPHONE, '198.51.100.3'));
      if (opens.length >= 50) await Promise.all(opens.splice(0));
    }
    await Promise.all(opens);
    // Hits arrive after the sends: the clock is days past them.

    const reader = await ctx.keyFor(ctx.a, 'reader');
    const res = await ctx.request(`/v1/recommendations?listId=${listId}`, { key: reader });
    expect(res.status, await show(res)).toBe(200);
    const recs = await bodyOf(res, getRecommendations);
    expect(recs.denominator).toBe('delivered');
    expect(recs.slots.status).toBe('established');
    expect(recs.slots.best[0]).toMatchObject({ hour: 10, significant: true });
    expect(recs.slots.best.slice(1).every((s) => !s.significant || s.hour === 10)).toBe(true);
    const question = recs.subjectFeatures.find((f) => f.name === 'question');
    expect(question?.significant).toBe(true);
    expect(question?.effect).toBeGreaterThan(0.02);
    expect(recs.subjectFeatures.filter((f) => f.significant).map((f) => f.name)).toEqual(['question']);
    expect(recs.leadSources.some((s) => s.significant)).toBe(false);

    const times = await bodyOf(
      await ctx.request(`/v1/send-times?listId=${listId}`, { key: reader }),
      listSendTimes,
    );
    expect(times.slots[0]?.hour).toBe(10);

    // A contact with no human opens of their own gets the list's best hour; one who opens at 21:00 gets 21:00.
    const opened = new Set(
      (await ctx.db.handle.db.select().from(messages).where(inArray(messages.campaignId, campaignIds)))
        .filter((m) => m.firstHumanOpenAt)
        .map((m) => m.contactId),
    );
    const quiet = [...ids.values()].filter((id) => !opened.has(id));
    const [thin, nightOwl] = quiet as [string, string];
    const thinAnswer = await ctx.request(`/v1/contacts/${thin}/send-time?listId=${listId}`, { key: reader });
    expect(await thinAnswer.json()).toMatchObject({ hour: 10, basis: 'list', ownOpens: 0 });
    const owlMessages = sent.filter((m) => m.contactId === nightOwl).slice(0, 3);
    for (const m of owlMessages) {
      // Opened at 21:xx local on the day it was sent.
      const p = localParts(m.sentAt ?? new Date(0), m.timezone);
      const at = new Date((m.sentAt?.getTime() ?? 0) + ((21 - p.hour + 24) % 24) * 3_600_000);
      await storeHits({
        deps: ctx.deps,
        hits: [
          receivedHit({
            workspaceId: ctx.a.workspaceId,
            messageId: m.id,
            kind: 'open',
            link: null,
            at,
            ip: '198.51.100.3',
            userAgent: IPHONE,
          }),
        ],
      });
    }
    const owl = await bodyOf(
      await ctx.request(`/v1/contacts/${nightOwl}/send-time?listId=${listId}`, { key: reader }),
      getContactSendTime,
    );
    expect(owl).toMatchObject({ hour: 21, basis: 'contact' });
    expect(owl.next.local).toMatch(/T21:00$/);
    expect(localParts(new Date(owl.next.utc), owl.timezone).hour).toBe(21);

    // The optimized schedule follows the same model.
    const created = await ctx.request('/v1/campaigns', {
      method: 'POST',
      key: ctx.a.adminKey,
      // Everyone at the slot believed best: exploring and holding out are tested in send-time-arms.test.ts.
      json: campaignBody(listId, {
        name: 'Optimized',
        variants: [{ subject: 'Just for you' }],
        sendTime: { explorationShare: 0, holdoutShare: 0 },
      }),
    });
    const { id: optimizedId } = await bodyOf(created, createCampaign, 201);
    const from = ctx.clock.now();
    const to = new Date(from.getTime() + 3 * 86_400_000);
    const scheduled = await ctx.request(`/v1/campaigns/${optimizedId}/schedule`, {
      method: 'POST',
      key: ctx.a.adminKey,
      json: { schedule: { type: 'optimized', from: from.toISOString(), to: to.toISOString() } },
    });
    expect(scheduled.status, await show(scheduled)).toBe(200);
    const planned = await ctx.db.handle.db
      .select()
      .from(messages)
      .where(eq(messages.campaignId, optimizedId));
    const hourOf = (contactId: string) => {
      const m = planned.find((p) => p.contactId === contactId);
      return m ? localParts(m.scheduledAt, m.timezone).hour : null;
    };
    expect(hourOf(nightOwl)).toBe(21);
    expect(hourOf(thin)).toBe(10);
    expect(planned.every((m) => m.scheduledAt >= from && m.scheduledAt <= to)).toBe(true);
    const [mine] = await ctx.db.handle.db
      .select()
      .from(messages)
      .where(and(eq(messages.campaignId, optimizedId), eq(messages.contactId, nightOwl)));
    expect(mine?.status).toBe('scheduled');
  }, 240_000);
});
