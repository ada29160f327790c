import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { campaigns } from '../../src/db/schema/index.js';
import { route as contactSendTimeByEmail } from '../../src/routes/analysis/contact-send-time.js';
import { route as listSendTimes } from '../../src/routes/analysis/send-times.js';
import { route as getContactSendTime } from '../../src/routes/contacts/send-time.js';
import { bodyOf, errorOf } from '../helpers/bodies.js';
import { sentCampaign } from '../helpers/scheduled-campaign.js';
import { show, useTestContext } from '../helpers/test-app.js';

/**
 * What a marketing-automation tool does with a reader key: it knows leads by email, not by Kaifu's ids, and
 * must be told plainly when a list is unknown or has taught Kaifu nothing yet.
 */
describe('send times for marketing-automation tools (postgres)', () => {
  const ctx = useTestContext('postgres');

  it('finds a contact’s send time by email with a reader key, the same answer as by id', async () => {
    const { contactIds } = await sentCampaign(ctx, ctx.a, 3, 'lookup');
    const [email, id] = [...contactIds.entries()][0] as [string, string];
    const reader = await ctx.keyFor(ctx.a, 'reader');

    const byEmail = await ctx.request(
      `/v1/send-times/contact?email=${encodeURIComponent(email.toUpperCase())}`,
      {
        key: reader,
      },
    );
    expect(byEmail.status, await show(byEmail)).toBe(200);
    const answer = await bodyOf(byEmail, contactSendTimeByEmail);
    const byId = await bodyOf(
      await ctx.request(`/v1/contacts/${id}/send-time`, { key: reader }),
      getContactSendTime,
    );
    expect(answer).toEqual(byId);
    expect(answer.contactId).toBe(id);
    // Send-time fields only: no address, name or company comes back to a reader.
    expect(Object.keys(answer).sort()).toEqual([
      'basis',
      'contactId',
      'hour',
      'next',
      'ownOpens',
      'reason',
      'timezone',
    ]);
  });

  it('answers 404 for an address the workspace does not hold, and for another workspace’s contact', async () => {
    const { contactIds } = await sentCampaign(ctx, ctx.b, 1, 'elsewhere');
    const [otherEmail] = [...contactIds.keys()] as [string];
    const reader = await ctx.keyFor(ctx.a, 'reader');
    for (const email of ['nobody@example.com', otherEmail]) {
      const res = await ctx.request(`/v1/send-times/contact?email=${encodeURIComponent(email)}`, {
        key: reader,
      });
      expect(res.status, await show(res)).toBe(404);
      expect((await errorOf(res)).error.code).toBe('not_found');
    }
  });

  it('answers 404 for an erased contact’s address, at once', async () => {
    const { contactIds } = await sentCampaign(ctx, ctx.a, 1, 'erased');
    const [[email, id]] = [...contactIds.entries()] as [[string, string]];
    const reader = await ctx.keyFor(ctx.a, 'reader');
    const lookup = () =>
      ctx.request(`/v1/send-times/contact?email=${encodeURIComponent(email)}`, { key: reader });
    expect((await lookup()).status).toBe(200);
    const erased = await ctx.request(`/v1/contacts/${id}`, { method: 'DELETE', key: ctx.a.adminKey });
    expect(erased.status, await show(erased)).toBeLessThan(300);
    const after = await lookup();
    expect(after.status, await show(after)).toBe(404);
  });

  it('refuses a missing or malformed address with a validation error', async () => {
    const reader = await ctx.keyFor(ctx.a, 'reader');
    for (const query of ['', '?email=', '?email=not-an-address', `?email=a@example.com&listId=nope`]) {
      const res = await ctx.request(`/v1/send-times/contact${query}`, { key: reader });
      expect(res.status, `${query}: ${await show(res)}`).toBe(400);
      expect((await errorOf(res)).error.code).toBe('validation_failed');
    }
  });

  it('answers 404 for a list the workspace does not have, wherever a listId is taken', async () => {
    const reader = await ctx.keyFor(ctx.a, 'reader');
    const { contactIds } = await sentCampaign(ctx, ctx.a, 1, 'unknown-list');
    const [email, id] = [...contactIds.entries()][0] as [string, string];
    const unknown = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    for (const path of [
      `/v1/send-times?listId=${unknown}`,
      `/v1/contacts/${id}/send-time?listId=${unknown}`,
      `/v1/send-times/contact?email=${encodeURIComponent(email)}&listId=${unknown}`,
      `/v1/recommendations?listId=${unknown}`,
    ]) {
      const res = await ctx.request(path, { key: reader });
      expect(res.status, `${path}: ${await show(res)}`).toBe(404);
      expect((await errorOf(res)).error.code).toBe('not_found');
    }
  });

  it('says a list with sends but no opens has no basis, rather than rate 0 and certainty of beating typical', async () => {
    const { campaignId } = await sentCampaign(ctx, ctx.a, 4, 'unopened');
    const reader = await ctx.keyFor(ctx.a, 'reader');
    const [campaign] = await ctx.db.handle.db.select().from(campaigns).where(eq(campaigns.id, campaignId));
    const listId = campaign?.listId;
    const res = await ctx.request(`/v1/send-times?listId=${listId}`, { key: reader });
    const times = await bodyOf(res, listSendTimes);
    expect(times.status).toBe('not_enough_data');
    expect(times.slots.length).toBeGreaterThan(0);
    for (const slot of times.slots) {
      expect(slot).toMatchObject({
        basis: 'none',
        rate: null,
        shrunkRate: null,
        probabilityBeatsTypical: null,
      });
      expect(slot.trials).toBe(4);
    }
  });
});
