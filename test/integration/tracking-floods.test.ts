import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { events, messages } from '../../src/db/schema/index.js';
import type { TrackingHit } from '../../src/services/tracking/hit.js';
import { receivedHit } from '../../src/services/tracking/hit.js';
import { storeHits } from '../../src/services/tracking/record-hits.js';
import { BACKENDS, useTestContext } from '../helpers/test-app.js';
import { CHROME, type Mail, THREE_LINKS, trackedMails } from '../helpers/tracked-mail.js';

describe.each(BACKENDS)('tracking floods on %s', (backend) => {
  const ctx = useTestContext(backend);
  let mails: Mail[] = [];
  beforeAll(async () => {
    mails = await trackedMails(ctx, 6, 'flood', THREE_LINKS);
  });

  const hit = (path: string, agent = CHROME) =>
    ctx.request(path, { headers: { 'User-Agent': agent, 'X-Forwarded-For': '198.51.100.30' } });
  const stored = (mail: Mail, type: 'open' | 'click') =>
    ctx.db.handle.db
      .select()
      .from(events)
      .where(and(eq(events.messageId, mail.messageId), eq(events.type, type)))
      .orderBy(events.occurredAt);
  const messageOf = async (mail: Mail) =>
    (await ctx.db.handle.db.select().from(messages).where(eq(messages.id, mail.messageId)))[0];

  it('answers every pixel hit but stores at most 20 an hour per message, counting the rest', async () => {
    const mail = mails[0] as Mail;
    for (let i = 0; i < 200; i++) {
      const res = await hit(mail.open);
      expect(res.headers.get('content-type')).toBe('image/gif');
      ctx.clock.advance(100);
    }
    expect(await stored(mail, 'open')).toHaveLength(20);
    expect(await messageOf(mail)).toMatchObject({ openCount: 20, opensCapped: 180 });
    // The next hour has a budget of its own.
    ctx.clock.advance(3_600_000);
    await hit(mail.open);
    expect(await stored(mail, 'open')).toHaveLength(21);
  });

  it('answers every click with its redirect but stores at most 20 an hour per message', async () => {
    const mail = mails[1] as Mail;
    for (let i = 0; i < 60; i++) {
      const res = await hit(mail.clicks[0] ?? '');
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('https://acme.example/offer');
      ctx.clock.advance(5_000);
    }
    expect(await stored(mail, 'click')).toHaveLength(20);
    expect(await messageOf(mail)).toMatchObject({ clickCount: 20, clicksCapped: 40 });
  });

  it('a scanner burst is still a bot after capping, and leaves no human click behind', async () => {
    const mail = mails[2] as Mail;
    for (let i = 0; i < 90; i++) {
      await hit(mail.clicks[i % 3] ?? '');
      ctx.clock.advance(10);
    }
    const clicks = await stored(mail, 'click');
    expect(clicks).toHaveLength(20);
    expect(
      clicks.every((c) => c.classification === 'bot'),
      JSON.stringify(clicks.map((c) => c.reason)),
    ).toBe(true);
    expect(await messageOf(mail)).toMatchObject({ firstHumanClickAt: null, clicksCapped: 70 });
  });

  it('three human opens over several days are all stored', async () => {
    const mail = mails[3] as Mail;
    for (let day = 0; day < 3; day++) {
      await hit(mail.open);
      ctx.clock.advance(2 * 86_400_000);
    }
    const opens = await stored(mail, 'open');
    expect(opens.map((o) => o.classification)).toEqual(['human', 'human', 'human']);
    expect(await messageOf(mail)).toMatchObject({ openCount: 3, opensCapped: 0 });
  });

  it('a batch larger than the cap stores 20 and counts the rest, in arrival order', async () => {
    const mail = mails[4] as Mail;
    const [message] = await ctx.db.handle.db.select().from(messages).where(eq(messages.id, mail.messageId));
    const at = ctx.clock.now().getTime();
    const batch: TrackingHit[] = Array.from({ length: 50 }, (_, i) =>
      receivedHit({
        workspaceId: ctx.a.workspaceId,
        messageId: message?.id ?? '',
        kind: 'open',
        link: null,
        at: new Date(at + i * 1000),
        ip: '198.51.100.31',
        userAgent: CHROME,
      }),
    );
    await storeHits({ deps: ctx.deps, hits: batch });
    const opens = await stored(mail, 'open');
    expect(opens).toHaveLength(20);
    expect(opens.at(-1)?.occurredAt.getTime()).toBe(at + 19_000);
    expect(await messageOf(mail)).toMatchObject({ openCount: 20, opensCapped: 30 });
  });

  it('trims a 15 KB user agent on receipt, before it waits in the buffer', async () => {
    const held: TrackingHit[] = [];
    const app = createApp(ctx.makeDeps({ recordHit: async (h) => void held.push(h) }));
    const huge = `Mozilla/5.0 ${'x'.repeat(15_000)}`;
    const forwarded = `${'9'.repeat(5000)}, 10.0.0.1`;
    await app.request((mails[5] as Mail).open, {
      headers: { 'User-Agent': huge, 'X-Forwarded-For': forwarded },
    });
    expect(held).toHaveLength(1);
    expect(held[0]?.userAgent?.length).toBe(500);
    expect(held[0]?.ip?.length ?? 0).toBeLessThanOrEqual(64);
  });
});
