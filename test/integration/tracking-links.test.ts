import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contacts, suppressions } from '../../src/db/schema/index.js';
import { route as createCampaign } from '../../src/routes/campaigns/create.js';
import { route as listOutbox } from '../../src/routes/campaigns/outbox.js';
import { runDueWork } from '../../src/services/due-work.js';
import { campaignBody, makeList } from '../helpers/audience.js';
import { bodyOf, type ResponseOf } from '../helpers/bodies.js';
import { scheduledCampaign, statusCounts } from '../helpers/sending.js';
import { BACKENDS, show, useTestContext } from '../helpers/test-app.js';

describe.each(BACKENDS)('tracking links in sent mail on %s', (backend) => {
  const ctx = useTestContext(backend);
  let mail: ResponseOf<typeof listOutbox>['data'] = [];
  let campaignId = '';
  const urlIn = (html: string, pattern: RegExp) => pattern.exec(html)?.[1] ?? '';
  const path = (url: string) => new URL(url).pathname;

  beforeAll(async () => {
    ({ campaignId } = await scheduledCampaign(ctx, ctx.a, 3, 'links'));
    ctx.clock.advance(2 * 60_000);
    await runDueWork({ deps: ctx.deps, now: ctx.clock.now() });
    const res = await ctx.request(`/v1/campaigns/${campaignId}/outbox`, { key: ctx.a.adminKey });
    mail = (await bodyOf(res, listOutbox)).data;
  });

  it('the pixel always answers a no-cache 1×1 GIF', async () => {
    const pixel = path(urlIn(mail[0]?.html ?? '', /<img src="([^"]+)"/));
    for (const p of [pixel, '/t/o/garbage', `${pixel}x`]) {
      const res = await ctx.request(p);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/gif');
      expect(res.headers.get('cache-control')).toMatch(/no-store/);
      const gif = new Uint8Array(await res.arrayBuffer());
      expect(new TextDecoder().decode(gif.subarray(0, 6))).toBe('GIF89a');
      expect([gif[6], gif[8]]).toEqual([1, 1]); // width and height
    }
  });

  it('a click redirects only to the campaign’s stored link; anything forged gets a page and no redirect', async () => {
    const html = mail[0]?.html ?? '';
    const click = path(urlIn(html, /<a href="([^"]+\/t\/c\/[^"]+)">Offer/));
    const ok = await ctx.request(`${click}?url=https://evil.example/`);
    expect(ok.status, await show(ok)).toBe(302);
    expect(ok.headers.get('location')).toBe('https://acme.example/offer');
    const token = click.split('/').pop() ?? '';
    const [keyId, payload, mac] = token.split('.');
    const openToken = path(urlIn(html, /<img src="([^"]+)"/))
      .split('/')
      .pop();
    const honeypot = path(urlIn(html, /<a href="([^"]+)" aria-hidden="true"/));
    const forged = [
      `/t/c/${keyId}.${payload}.${mac?.slice(0, -1)}${mac?.endsWith('A') ? 'B' : 'A'}`,
      `/t/c/${token.slice(0, -5)}`,
      `/t/c/${keyId}.${payload}`,
      `/t/c/${openToken}`,
      `/t/c/deadbeef.${payload}.${mac}`,
      '/t/c/https%3A%2F%2Fevil.example',
      honeypot,
      `/t/c/${'x'.repeat(500)}`,
    ];
    for (const p of forged) {
      const res = await ctx.request(p);
      expect(res.status, p).toBe(404);
      expect(res.headers.get('location')).toBeNull();
    }
  });

  it('unsubscribe: GET asks and changes nothing; POST (one-click) stops the contact and its unsent mail, once', async () => {
    const target = mail.find((m) => m.to === 'links-1@example.com');
    const unsubscribe = path(urlIn(target?.headers['List-Unsubscribe'] ?? '', /^<([^>]+)>$/));
    expect(path(urlIn(target?.html ?? '', /<a href="([^"]+)">配信停止/))).toBe(unsubscribe);
    const [contact] = await ctx.db.handle.db
      .select()
      .from(contacts)
      .where(eq(contacts.email, 'links-1@example.com'));
    // A second campaign is already scheduled for the same person.
    const listId = await makeList(ctx, 'Follow-up', [contact?.id ?? '']);
    const next = await bodyOf(
      await ctx.request('/v1/campaigns', { method: 'POST', key: ctx.a.adminKey, json: campaignBody(listId) }),
      createCampaign,
      201,
    );
    await ctx.request(`/v1/campaigns/${next.id}/schedule`, {
      method: 'POST',
      key: ctx.a.adminKey,
      json: { schedule: { type: 'at', at: new Date(ctx.clock.now().getTime() + 86_400_000).toISOString() } },
    });

    const page = await ctx.request(unsubscribe, { headers: { 'Accept-Language': 'ja,en;q=0.5' } });
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain('配信停止の確認');
    expect(text).toContain('<form method="post">');
    expect(
      (
        await ctx.db.handle.db
          .select()
          .from(contacts)
          .where(eq(contacts.id, contact?.id ?? ''))
      )[0]?.status,
    ).toBe('active');

    const done = await ctx.request(unsubscribe, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(done.status, await show(done)).toBe(200);
    expect(await done.text()).toContain('You are unsubscribed');
    expect(
      (
        await ctx.db.handle.db
          .select()
          .from(contacts)
          .where(eq(contacts.id, contact?.id ?? ''))
      )[0]?.status,
    ).toBe('unsubscribed');
    expect((await statusCounts(ctx, next.id)).counts).toEqual({ cancelled: 1 });
    const again = await ctx.request(unsubscribe, { method: 'POST' });
    expect(again.status).toBe(200);
    expect(
      await ctx.db.handle.db
        .select()
        .from(suppressions)
        .where(eq(suppressions.workspaceId, ctx.a.workspaceId)),
    ).toHaveLength(1);

    // The MAC's last character changed to another: never the genuine token.
    const altered = `${unsubscribe.slice(0, -1)}${unsubscribe.endsWith('A') ? 'B' : 'A'}`;
    const bad = await ctx.request(altered, { method: 'POST' });
    expect(bad.status).toBe(404);
    const others = await ctx.db.handle.db.select().from(contacts).where(eq(contacts.status, 'unsubscribed'));
    expect(others).toHaveLength(1);
  });
});
