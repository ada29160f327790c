import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { messages } from '../../src/db/schema/index.js';
import { route as createCampaign } from '../../src/routes/campaigns/create.js';
import { route as getCampaign } from '../../src/routes/campaigns/get.js';
import { route as listCampaigns } from '../../src/routes/campaigns/list.js';
import { route as scheduleCampaign } from '../../src/routes/campaigns/schedule.js';
import { route as updateCampaign } from '../../src/routes/campaigns/update.js';
import { campaignBody, importContacts, makeList, setSender } from '../helpers/audience.js';
import { bodyOf } from '../helpers/bodies.js';
import { BACKENDS, show, useTestContext } from '../helpers/test-app.js';

describe.each(BACKENDS)('campaigns on %s', (backend) => {
  const ctx = useTestContext(backend);
  const key = () => ctx.a.adminKey;

  async function create(body: Record<string, unknown>) {
    const res = await ctx.request('/v1/campaigns', { method: 'POST', key: key(), json: body });
    expect(res.status, await show(res)).toBe(201);
    return bodyOf(res, createCampaign, 201);
  }

  async function schedule(id: string, json: unknown = {}) {
    return ctx.request(`/v1/campaigns/${id}/schedule`, { method: 'POST', key: key(), json });
  }

  async function messageRows(campaignId: string) {
    return ctx.db.handle.db.select().from(messages).where(eq(messages.campaignId, campaignId));
  }

  it('refuses to schedule until the workspace has a sender identity and postal address', async () => {
    const ids = await importContacts(ctx, [{ email: 'first@example.com' }]);
    const listId = await makeList(ctx, 'Sender check', [...ids.values()]);
    const campaign = await create(campaignBody(listId));
    const res = await schedule(campaign.id, { schedule: { type: 'at', at: '2026-11-27T09:00:00Z' } });
    expect(res.status, await show(res)).toBe(422);
    expect(await res.json()).toMatchObject({
      error: { code: 'unprocessable', message: expect.stringMatching(/postal address/) },
    });
    expect(await messageRows(campaign.id)).toHaveLength(0);
  });

  it('sends a local 09:00 at the right instant in each zone, across a US daylight-saving change', async () => {
    // Now: 2026-03-08T01:00Z — 10:00 Sunday in Tokyo, so 09:00 there has passed; New York springs forward today.
    ctx.clock.advance(Date.parse('2026-03-08T01:00:00Z') - ctx.clock.now().getTime());
    await setSender(ctx, ctx.a, 'America/Los_Angeles');
    const ids = await importContacts(ctx, [
      { email: 'tokyo@example.jp', timezone: 'Asia/Tokyo' },
      { email: 'berlin@example.de', timezone: 'Europe/Berlin' },
      { email: 'newyork@example.com', timezone: 'America/New_York' },
      { email: 'nozone@example.com' },
    ]);
    const listId = await makeList(ctx, 'Zones', [...ids.values()]);
    const campaign = await create(campaignBody(listId));
    const res = await schedule(campaign.id, {
      schedule: { type: 'local', date: '2026-03-08', time: '09:00' },
    });
    expect(res.status, await show(res)).toBe(200);
    const { summary } = await bodyOf(res, scheduleCampaign);
    expect(summary).toMatchObject({ recipients: 4, movedToNextDay: 1, held: 0 });

    const byContact = new Map((await messageRows(campaign.id)).map((m) => [m.contactId, m]));
    const at = (email: string) => byContact.get(ids.get(email) ?? '')?.scheduledAt.toISOString();
    expect(at('tokyo@example.jp')).toBe('2026-03-09T00:00:00.000Z'); // moved: next day 09:00 JST
    expect(at('berlin@example.de')).toBe('2026-03-08T08:00:00.000Z'); // 09:00 CET
    expect(at('newyork@example.com')).toBe('2026-03-08T13:00:00.000Z'); // 09:00 EDT, the day clocks change
    expect(at('nozone@example.com')).toBe('2026-03-08T16:00:00.000Z'); // workspace zone: 09:00 PDT
    expect(byContact.get(ids.get('nozone@example.com') ?? '')?.timezone).toBe('America/Los_Angeles');

    const shown = await bodyOf(
      await ctx.request(`/v1/campaigns/${campaign.id}`, { key: key() }),
      getCampaign,
    );
    expect(shown).toMatchObject({ status: 'scheduled', messages: { scheduled: 4 } });
  });

  it('moves a local time that passed to its next future occurrence, however many days that takes', async () => {
    // 21:00Z: 10:00 on the 26th is still ahead at UTC−12 (22:00Z) but passed at UTC+14 a day and a bit ago
    // (the 25th 20:00Z), and one day later (the 26th 20:00Z) is still an hour past.
    ctx.clock.advance(Date.parse('2026-11-26T21:00:00Z') - ctx.clock.now().getTime());
    const ids = await importContacts(ctx, [
      { email: 'west@far.example', timezone: 'Etc/GMT+12' },
      { email: 'east@far.example', timezone: 'Pacific/Kiritimati' },
    ]);
    const listId = await makeList(ctx, 'Far apart', [...ids.values()]);
    const campaign = await create(campaignBody(listId));
    const res = await schedule(campaign.id, {
      schedule: { type: 'local', date: '2026-11-26', time: '10:00' },
    });
    expect(res.status, await show(res)).toBe(200);
    const { summary } = await bodyOf(res, scheduleCampaign);
    expect(summary).toMatchObject({ recipients: 2, movedToNextDay: 1 });
    const byContact = new Map((await messageRows(campaign.id)).map((m) => [m.contactId, m]));
    const at = (email: string) => byContact.get(ids.get(email) ?? '')?.scheduledAt.toISOString();
    expect(at('west@far.example')).toBe('2026-11-26T22:00:00.000Z');
    expect(at('east@far.example')).toBe('2026-11-27T20:00:00.000Z'); // 10:00 on the 28th in Kiritimati
    for (const row of byContact.values())
      expect(row.scheduledAt.getTime()).toBeGreaterThan(ctx.clock.now().getTime());
  });

  it('refuses a local date that has passed in every zone of the list, as it refuses `at` in the past', async () => {
    const ids = await importContacts(ctx, [
      { email: 'old1@past.example', timezone: 'Asia/Tokyo' },
      { email: 'old2@past.example', timezone: 'America/Los_Angeles' },
    ]);
    const listId = await makeList(ctx, 'Past', [...ids.values()]);
    const campaign = await create(campaignBody(listId));
    const res = await schedule(campaign.id, {
      schedule: { type: 'local', date: '2026-01-01', time: '10:00' },
    });
    expect(res.status, await show(res)).toBe(422);
    expect(await res.json()).toMatchObject({
      error: { code: 'unprocessable', message: expect.stringMatching(/2026-01-01 10:00 has passed/) },
    });
    expect(await messageRows(campaign.id)).toHaveLength(0);
    const shown = await bodyOf(
      await ctx.request(`/v1/campaigns/${campaign.id}`, { key: key() }),
      getCampaign,
    );
    expect(shown.status).toBe('draft');
  });

  it('moves a local time inside the spring-forward gap forward by the gap', async () => {
    const ids = await importContacts(ctx, [{ email: 'gap@example.com', timezone: 'America/New_York' }]);
    const listId = await makeList(ctx, 'Gap', [...ids.values()]);
    const campaign = await create(campaignBody(listId));
    // 2027-03-14 is New York's next spring-forward day: 02:30 does not exist, 03:30 EDT does.
    const res = await schedule(campaign.id, {
      schedule: { type: 'local', date: '2027-03-14', time: '02:30' },
    });
    expect(res.status, await show(res)).toBe(200);
    const [row] = await messageRows(campaign.id);
    expect(row?.scheduledAt.toISOString()).toBe('2027-03-14T07:30:00.000Z');
  });

  it('leaves out unsubscribed, bounced, complained and suppressed contacts and counts them', async () => {
    const ids = await importContacts(ctx, [
      { email: 'ok1@excl.example' },
      { email: 'ok2@excl.example' },
      { email: 'unsub@excl.example' },
      { email: 'bounce@excl.example' },
      { email: 'spam@excl.example' },
    ]);
    const suppress = await ctx.request('/v1/suppressions', {
      method: 'POST',
      key: key(),
      json: {
        suppressions: [
          { email: 'unsub@excl.example', reason: 'unsubscribed' },
          { email: 'bounce@excl.example', reason: 'bounced' },
          { email: 'spam@excl.example', reason: 'complained' },
        ],
      },
    });
    expect(await suppress.json()).toMatchObject({ added: 3, contactsUpdated: 3 });
    const listId = await makeList(ctx, 'Exclusions', [...ids.values()]);
    const campaign = await create(campaignBody(listId));
    const res = await schedule(campaign.id, { schedule: { type: 'at', at: '2026-12-01T09:00:00Z' } });
    const { summary } = await bodyOf(res, scheduleCampaign);
    expect(summary.recipients).toBe(2);
    expect(summary.excluded).toEqual({ unsubscribed: 1, bounced: 1, complained: 1, suppressed: 0 });
    const rows = await messageRows(campaign.id);
    expect(rows.map((r) => r.contactId).sort()).toEqual(
      [ids.get('ok1@excl.example'), ids.get('ok2@excl.example')].sort(),
    );
  });

  it('deals variants evenly, holds the rest of an A/B test, and keeps the answer reproducible', async () => {
    const emails = Array.from({ length: 100 }, (_, i) => ({ email: `ab${i}@ab.example` }));
    const ids = await importContacts(ctx, emails);
    const listId = await makeList(ctx, 'AB', [...ids.values()]);
    const three = await create(
      campaignBody(listId, { variants: [{ subject: 'A' }, { subject: 'B' }, { subject: 'C' }] }),
    );
    const res = await schedule(three.id, { schedule: { type: 'at', at: '2026-12-01T09:00:00Z' } });
    const { summary } = await bodyOf(res, scheduleCampaign);
    expect(Object.values(summary.byVariant).sort()).toEqual([33, 33, 34]);
    const rows = await messageRows(three.id);
    expect(new Set(rows.map((r) => r.variantId)).size).toBe(3);

    const tested = await create(
      campaignBody(listId, {
        test: {
          share: 0.2,
          waitHours: 4,
          metric: 'human_open',
          minPerVariant: 5,
          winThreshold: 0.95,
          fallback: 'control',
        },
      }),
    );
    const t = await schedule(tested.id, { schedule: { type: 'at', at: '2026-12-01T09:00:00Z' } });
    const tSummary = (await bodyOf(t, scheduleCampaign)).summary;
    expect(tSummary).toMatchObject({ recipients: 100, held: 80 });
    expect(Object.values(tSummary.byVariant)).toEqual([10, 10]);
    const tRows = await messageRows(tested.id);
    expect(tRows.filter((r) => r.status === 'held' && r.variantId === null)).toHaveLength(80);
    const shown = await bodyOf(await ctx.request(`/v1/campaigns/${tested.id}`, { key: key() }), getCampaign);
    expect(shown.test).toEqual({
      share: 0.2,
      waitHours: 4,
      metric: 'human_open',
      minPerVariant: 5,
      winThreshold: 0.95,
      fallback: 'control',
    });
  });

  it('moves sends into the sending window in each recipient’s zone', async () => {
    const ids = await importContacts(ctx, [
      { email: 'win-tokyo@example.jp', timezone: 'Asia/Tokyo' },
      { email: 'win-ny@example.com', timezone: 'America/New_York' },
    ]);
    const listId = await makeList(ctx, 'Window', [...ids.values()]);
    // Mon–Fri 09:00–18:00 local. 2026-12-04T12:00Z is Fri 21:00 in Tokyo (outside) and Fri 07:00 in New York.
    const campaign = await create(
      campaignBody(listId, { sendingWindow: { days: [1, 2, 3, 4, 5], startHour: 9, endHour: 18 } }),
    );
    const res = await schedule(campaign.id, { schedule: { type: 'at', at: '2026-12-04T12:00:00Z' } });
    const { summary } = await bodyOf(res, scheduleCampaign);
    expect(summary.movedIntoWindow).toBe(2);
    const byContact = new Map(
      (await messageRows(campaign.id)).map((m) => [m.contactId, m.scheduledAt.toISOString()]),
    );
    expect(byContact.get(ids.get('win-tokyo@example.jp') ?? '')).toBe('2026-12-07T00:00:00.000Z'); // Mon 09:00 JST
    expect(byContact.get(ids.get('win-ny@example.com') ?? '')).toBe('2026-12-04T14:00:00.000Z'); // Fri 09:00 EST
  });

  it('validates campaigns and scheduling rules with clear errors', async () => {
    const ids = await importContacts(ctx, [{ email: 'rules@example.com' }]);
    const listId = await makeList(ctx, 'Rules', [...ids.values()]);
    const bad = async (body: Record<string, unknown>, status: number) => {
      const res = await ctx.request('/v1/campaigns', { method: 'POST', key: key(), json: body });
      expect(res.status, await show(res)).toBe(status);
    };
    await bad(campaignBody(listId, { variants: [] }), 400);
    await bad(
      campaignBody(listId, { variants: Array.from({ length: 9 }, (_, i) => ({ subject: `S${i}` })) }),
      400,
    );
    await bad(
      campaignBody(listId, { variants: [{ subject: 'only' }], test: { share: 0.2, waitHours: 4 } }),
      400,
    );
    await bad(campaignBody(listId, { sendingWindow: { days: [1], startHour: 18, endHour: 9 } }), 400);
    await bad(campaignBody(listId, { schedule: { type: 'local', date: '2026-02-30', time: '09:00' } }), 400);
    await bad(campaignBody('01a00000-0000-7000-8000-000000000000'), 422);

    const campaign = await create(campaignBody(listId));
    const optimized = await schedule(campaign.id, {
      schedule: { type: 'optimized', from: '2020-01-01T00:00:00Z', to: '2020-01-03T00:00:00Z' },
    });
    expect(optimized.status, await show(optimized)).toBe(422);
    expect(await optimized.text()).toMatch(/schedule.to .* is in the past/);
    // An optimized schedule keeps inside both its range and the sending window, or says it cannot (the
    // contact has no zone of their own: the workspace's, Los Angeles).
    const windowed = await create(
      campaignBody(listId, { sendingWindow: { days: [1, 2, 3, 4, 5], startHour: 9, endHour: 18 } }),
    );
    const weekend = await schedule(windowed.id, {
      schedule: { type: 'optimized', from: '2026-11-28T08:00:00Z', to: '2026-11-30T07:00:00Z' },
    });
    expect(weekend.status, await show(weekend)).toBe(422);
    expect(await weekend.text()).toMatch(/sending window never opens in America\/Los_Angeles/);
    const friday = await schedule(windowed.id, {
      schedule: { type: 'optimized', from: '2026-11-27T08:00:00Z', to: '2026-11-27T20:00:00Z' },
    });
    expect(friday.status, await show(friday)).toBe(200);
    const [sent] = await ctx.db.handle.db
      .select({ dueAt: messages.dueAt })
      .from(messages)
      .where(eq(messages.campaignId, windowed.id));
    // No history: 10:00, inside Friday's 09:00–18:00 and before 12:00.
    expect(sent?.dueAt?.toISOString()).toBe('2026-11-27T18:00:00.000Z');
    const past = await schedule(campaign.id, { schedule: { type: 'at', at: '2020-01-01T00:00:00Z' } });
    expect(past.status).toBe(422);
    const none = await ctx.request(`/v1/campaigns/${campaign.id}/schedule`, { method: 'POST', key: key() });
    expect(none.status, await show(none)).toBe(422);

    const ok = await schedule(campaign.id, { schedule: { type: 'at', at: '2026-12-01T09:00:00Z' } });
    expect(ok.status).toBe(200);
    expect(
      (await schedule(campaign.id, { schedule: { type: 'at', at: '2026-12-01T09:00:00Z' } })).status,
    ).toBe(409);
    const patch = await ctx.request(`/v1/campaigns/${campaign.id}`, {
      method: 'PATCH',
      key: key(),
      json: { name: 'late' },
    });
    expect(patch.status).toBe(409);
    expect(await messageRows(campaign.id)).toHaveLength(1);
  });

  it('changes drafts with PATCH, replacing variants as a set', async () => {
    const ids = await importContacts(ctx, [{ email: 'patch@example.com' }]);
    const listId = await makeList(ctx, 'Patch', [...ids.values()]);
    const campaign = await create(campaignBody(listId));
    const res = await ctx.request(`/v1/campaigns/${campaign.id}`, {
      method: 'PATCH',
      key: key(),
      json: {
        name: 'Renamed',
        variants: [{ subject: '【限定】ご案内' }, { subject: 'Q?' }, { subject: 'Three' }],
      },
    });
    expect(res.status, await show(res)).toBe(200);
    const body = await bodyOf(res, updateCampaign);
    expect(body.name).toBe('Renamed');
    expect(body.variants.map((v) => v.subject)).toEqual(['【限定】ご案内', 'Q?', 'Three']);
    const oneVariantTest = await ctx.request(`/v1/campaigns/${campaign.id}`, {
      method: 'PATCH',
      key: key(),
      json: { variants: [{ subject: 'solo' }], test: { share: 0.1, waitHours: 2 } },
    });
    expect(oneVariantTest.status).toBe(400);
  });

  it('cancel stops every message not yet sent and leaves sent ones alone', async () => {
    const ids = await importContacts(
      ctx,
      Array.from({ length: 5 }, (_, i) => ({ email: `cancel${i}@example.com` })),
    );
    const listId = await makeList(ctx, 'Cancel', [...ids.values()]);
    const campaign = await create(campaignBody(listId, { test: { share: 0.4, waitHours: 2 } }));
    await schedule(campaign.id, { schedule: { type: 'at', at: '2026-12-01T09:00:00Z' } });
    const [first] = await messageRows(campaign.id);
    await ctx.db.handle.db
      .update(messages)
      .set({ status: 'sent', sentAt: ctx.clock.now() })
      .where(and(eq(messages.campaignId, campaign.id), eq(messages.id, first?.id ?? '')));
    const res = await ctx.request(`/v1/campaigns/${campaign.id}/cancel`, { method: 'POST', key: key() });
    expect(res.status, await show(res)).toBe(200);
    expect(await res.json()).toMatchObject({
      cancelledMessages: 4,
      campaign: { status: 'cancelled', messages: { sent: 1, cancelled: 4 } },
    });
    const again = await ctx.request(`/v1/campaigns/${campaign.id}/cancel`, { method: 'POST', key: key() });
    expect(await again.json()).toMatchObject({ cancelledMessages: 0 });
  });

  it('creates one campaign under retries with the same Idempotency-Key', async () => {
    const ids = await importContacts(ctx, [{ email: 'idem@example.com' }]);
    const listId = await makeList(ctx, 'Idempotent', [...ids.values()]);
    const body = campaignBody(listId, { name: 'Retried' });
    const answers = [];
    for (let i = 0; i < 3; i++) {
      answers.push(
        await ctx.request('/v1/campaigns', {
          method: 'POST',
          key: key(),
          json: body,
          headers: { 'Idempotency-Key': 'campaign-retry-1' },
        }),
      );
    }
    const created = await Promise.all(answers.map(async (r) => (await bodyOf(r, createCampaign, 201)).id));
    expect(new Set(created).size).toBe(1);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    const all = await bodyOf(await ctx.request('/v1/campaigns?limit=100', { key: key() }), listCampaigns);
    expect(all.data.filter((c) => c.name === 'Retried')).toHaveLength(1);
  });

  it('keeps campaigns per workspace', async () => {
    const ids = await importContacts(ctx, [{ email: 'mine@example.com' }]);
    const listId = await makeList(ctx, 'Mine', [...ids.values()]);
    const campaign = await create(campaignBody(listId));
    for (const [method, path] of [
      ['GET', `/v1/campaigns/${campaign.id}`],
      ['PATCH', `/v1/campaigns/${campaign.id}`],
      ['POST', `/v1/campaigns/${campaign.id}/schedule`],
      ['POST', `/v1/campaigns/${campaign.id}/cancel`],
    ] as const) {
      const res = await ctx.request(path, {
        method,
        key: ctx.b.adminKey,
        ...(method === 'PATCH' ? { json: { name: 'stolen' } } : {}),
      });
      expect(res.status, `${method} ${path}: ${await show(res)}`).toBe(404);
    }
    // B cannot point a campaign at A's list either.
    const res = await ctx.request('/v1/campaigns', {
      method: 'POST',
      key: ctx.b.adminKey,
      json: campaignBody(listId),
    });
    expect(res.status).toBe(422);
  });
});
