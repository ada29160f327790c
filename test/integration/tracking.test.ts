import { readFile } from 'node:fs/promises';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { events, messages } from '../../src/db/schema/index.js';
import { runDueWork } from '../../src/services/due-work.js';
import { ingestProviderEvents } from '../../src/services/sendgrid/ingest-provider-events.js';
import { parseAppleRanges, replaceAppleRanges } from '../../src/services/tracking/apple-ranges.js';
import { createTokenSigner, HONEYPOT_LINK } from '../../src/services/tracking/tokens.js';
import { sgEvent } from '../helpers/sendgrid-webhook.js';
import { BACKENDS, show, useTestContext } from '../helpers/test-app.js';
import { CHROME, type Mail, THREE_LINKS, trackedMails } from '../helpers/tracked-mail.js';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148';

describe.each(BACKENDS)('recording opens and clicks on %s', (backend) => {
  const ctx = useTestContext(backend);
  const mails: Mail[] = [];

  beforeAll(async () => {
    mails.push(...(await trackedMails(ctx, 12, 'track', THREE_LINKS)));
    expect(mails).toHaveLength(12);
    const ranges = parseAppleRanges(await readFile('test/fixtures/apple-egress-ranges.csv', 'utf8'));
    expect(await replaceAppleRanges({ db: ctx.db.handle.db, ranges, now: ctx.clock.now() })).toBe(5);
  });

  const hit = (path: string, agent: string | null, ip = '198.51.100.20', method = 'GET') =>
    ctx.request(path, {
      method,
      headers: { ...(agent ? { 'User-Agent': agent } : {}), 'X-Forwarded-For': `${ip}, 10.0.0.1` },
    });
  const deliver = (mail: Mail, at: Date) =>
    ingestProviderEvents({
      deps: ctx.deps,
      workspaceId: ctx.a.workspaceId,
      batch: [sgEvent('delivered', mail.messageId, at)],
    });
  const hitsOf = (mail: Mail) =>
    ctx.db.handle.db
      .select()
      .from(events)
      .where(and(eq(events.messageId, mail.messageId), eq(events.workspaceId, ctx.a.workspaceId)))
      .orderBy(events.occurredAt, events.id);
  const messageOf = async (mail: Mail) =>
    (await ctx.db.handle.db.select().from(messages).where(eq(messages.id, mail.messageId)))[0];
  const seconds = (s: number) => ctx.clock.advance(s * 1000);

  it('a human opens twice and clicks: every hit stored, one human open, counts on the message', async () => {
    const mail = mails[0] as Mail;
    await deliver(mail, ctx.clock.now());
    seconds(1800);
    const first = await hit(mail.open, IPHONE);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/gif');
    const firstAt = ctx.clock.now();
    seconds(3600);
    await hit(mail.open, IPHONE);
    seconds(60);
    const click = await hit(mail.clicks[1] ?? '', IPHONE);
    expect(click.status, await show(click)).toBe(302);
    expect(click.headers.get('location')).toBe('https://acme.example/case');
    const stored = await hitsOf(mail);
    expect(stored.map((e) => [e.type, e.source, e.classification, e.reason, e.linkPosition])).toEqual([
      ['delivered', 'sendgrid', null, null, null],
      ['open', 'pixel', 'human', 'pixel_open', null],
      ['open', 'pixel', 'human', 'pixel_open', null],
      ['click', 'redirect', 'human', 'redirect_click', 1],
    ]);
    expect(stored[1]).toMatchObject({ ip: '198.51.100.20', userAgent: IPHONE });
    expect(await messageOf(mail)).toMatchObject({
      firstOpenAt: firstAt,
      firstHumanOpenAt: firstAt,
      firstHumanClickAt: ctx.clock.now(),
      openCount: 2,
      clickCount: 1,
    });
  });

  it('Apple Mail Privacy Protection: an open from Apple’s ranges is a machine open, a click from them is not', async () => {
    const mail = mails[1] as Mail;
    await deliver(mail, ctx.clock.now());
    seconds(600);
    await hit(mail.open, IPHONE, '172.224.226.9');
    seconds(3600);
    await hit(mail.clicks[0] ?? '', IPHONE, '172.224.226.9');
    const stored = await hitsOf(mail);
    expect(stored.slice(1).map((e) => [e.classification, e.reason])).toEqual([
      ['machine', 'apple_proxy_ip'],
      ['human', 'redirect_click'],
    ]);
    // The human click proves the open the proxy hid.
    expect((await messageOf(mail))?.firstHumanOpenAt).toEqual(ctx.clock.now());
  });

  it('a delivered event that arrives after the open makes the open a prefetch, and the message unopened', async () => {
    const mail = mails[2] as Mail;
    const deliveredAt = ctx.clock.now();
    seconds(4);
    await hit(mail.open, CHROME);
    expect((await messageOf(mail))?.firstHumanOpenAt).not.toBeNull();
    await deliver(mail, deliveredAt);
    const [open] = (await hitsOf(mail)).filter((e) => e.type === 'open');
    expect(open).toMatchObject({ classification: 'machine', reason: 'prefetch_at_delivery' });
    expect(await messageOf(mail)).toMatchObject({ firstHumanOpenAt: null, openCount: 1 });
  });

  it('a link scanner clicking every link and the honeypot at delivery is a bot; no human click counts', async () => {
    const mail = mails[3] as Mail;
    await deliver(mail, ctx.clock.now());
    seconds(3);
    const answers = await Promise.all(
      [...mail.clicks, mail.honeypot].map((p) => hit(p, CHROME, '40.94.1.1')),
    );
    expect(answers.map((r) => r.status)).toEqual([302, 302, 302, 404]);
    const stored = (await hitsOf(mail)).filter((e) => e.type === 'click');
    expect(stored).toHaveLength(4);
    expect(stored.every((e) => e.classification === 'bot')).toBe(true);
    expect(stored.find((e) => e.linkPosition === HONEYPOT_LINK)?.reason).toBe('honeypot_link');
    expect(await messageOf(mail)).toMatchObject({
      firstHumanClickAt: null,
      firstHumanOpenAt: null,
      clickCount: 3,
    });
  });

  it('clicks spread over several flushes still add up to one burst', async () => {
    const mail = mails[4] as Mail;
    await deliver(mail, ctx.clock.now());
    seconds(7200);
    await hit(mail.clicks[0] ?? '', CHROME);
    expect((await messageOf(mail))?.firstHumanClickAt).not.toBeNull();
    seconds(1);
    await hit(mail.clicks[2] ?? '', CHROME);
    const clicks = (await hitsOf(mail)).filter((e) => e.type === 'click');
    expect(clicks.map((e) => e.reason)).toEqual(['several_links_at_once', 'several_links_at_once']);
    expect((await messageOf(mail))?.firstHumanClickAt).toBeNull();
  });

  it('a click is weighed against its neighbours in time; a burst among them recounts the whole message', async () => {
    const mail = mails[8] as Mail;
    await deliver(mail, ctx.clock.now());
    seconds(7200);
    // Thousands of earlier clicks on the message, 4 min apart (no burst, and under the hourly cap), the last 3 s
    // before the new one.
    const first = ctx.clock.now();
    await ctx.db.handle.db.insert(events).values(
      Array.from({ length: 2000 }, (_, i) => ({
        workspaceId: ctx.a.workspaceId,
        id: crypto.randomUUID(),
        messageId: mail.messageId,
        type: 'click' as const,
        source: 'redirect' as const,
        occurredAt: new Date(first.getTime() - 3_000 - i * 240_000),
        linkPosition: i % 3,
        classification: 'human' as const,
        reason: 'redirect_click',
      })),
    );
    const earliest = new Date(first.getTime() - 3_000 - 1999 * 240_000);
    await ctx.db.handle.db
      .update(messages)
      .set({
        clickCount: 2000,
        firstClickAt: earliest,
        firstHumanClickAt: earliest,
        firstOpenAt: earliest,
        firstHumanOpenAt: earliest,
      })
      .where(eq(messages.id, mail.messageId));

    await hit(mail.clicks[0] ?? '', CHROME);
    expect(await messageOf(mail)).toMatchObject({ clickCount: 2001, firstHumanClickAt: earliest });
    // Another link a second later: a burst with the new click only; the stored ones stay human.
    seconds(1);
    await hit(mail.clicks[1] ?? '', CHROME);
    const clicks = (await hitsOf(mail)).filter((e) => e.type === 'click');
    expect(clicks.filter((e) => e.reason === 'several_links_at_once')).toHaveLength(2);
    expect(clicks.filter((e) => e.classification === 'human')).toHaveLength(2000);
    expect(await messageOf(mail)).toMatchObject({ clickCount: 2002, firstHumanClickAt: earliest });
  });

  it('HEAD records nothing, on the pixel and the click', async () => {
    const mail = mails[5] as Mail;
    const pixel = await hit(mail.open, CHROME, undefined, 'HEAD');
    expect(pixel.status).toBe(200);
    const click = await hit(mail.clicks[0] ?? '', CHROME, undefined, 'HEAD');
    expect(click.status).toBe(302);
    expect(await hitsOf(mail)).toHaveLength(0);
  });

  it('fuzzed tokens and URLs: zero records, zero redirects off the campaign’s links', async () => {
    const mail = mails[6] as Mail;
    const token = (path: string) => path.split('/').pop() ?? '';
    const [keyId, payload, mac] = token(mail.clicks[0] ?? '').split('.');
    const otherKey = await createTokenSigner('another-secret-another-secret-another!');
    const resigned = otherKey.sign({
      kind: 'click',
      workspaceId: ctx.a.workspaceId,
      messageId: mail.messageId,
      link: 0,
    });
    const outOfRange = (await createTokenSigner(ctx.deps.config.secret)).sign({
      kind: 'click',
      workspaceId: ctx.a.workspaceId,
      messageId: mail.messageId,
      link: 7,
    });
    const otherWorkspace = (await createTokenSigner(ctx.deps.config.secret)).sign({
      kind: 'open',
      workspaceId: ctx.b.workspaceId,
      messageId: mail.messageId,
      link: 0,
    });
    const random = (length: number) =>
      Array.from({ length }, () => 'abcXYZ019-_.'[Math.floor(Math.random() * 12)]).join('');
    const clickPaths = [
      `/t/c/${resigned}`,
      `/t/c/${outOfRange}`,
      `/t/c/${token(mail.open)}`,
      `/t/c/${keyId}.${payload}`,
      `/t/c/${keyId}.${payload}.${mac}x`,
      `/t/c/${keyId}.${payload?.slice(0, -1)}${payload?.endsWith('A') ? 'B' : 'A'}.${mac}`,
      `/t/c/${token(mail.clicks[0] ?? '').slice(0, -3)}`,
      `/t/c/${token(mail.clicks[0] ?? '')}.${mac}`,
      `/t/c/${encodeURIComponent('https://evil.example/')}`,
      ...Array.from({ length: 40 }, () => `/t/c/${random(20 + Math.floor(Math.random() * 80))}`),
    ];
    for (const p of clickPaths) {
      const res = await hit(p, CHROME);
      expect(res.status, p).toBe(404);
      expect(res.headers.get('location'), p).toBeNull();
    }
    const withQuery = await hit(`${mail.clicks[0]}?url=https://evil.example/&next=//evil.example`, CHROME);
    expect(withQuery.headers.get('location')).toBe('https://acme.example/offer');
    const pixelPaths = [
      `/t/o/${token(mail.clicks[0] ?? '')}`,
      `/t/o/${otherWorkspace}`,
      `/t/o/${token(mail.open).slice(0, -1)}`,
      `/t/o/${otherKey.sign({ kind: 'open', workspaceId: ctx.a.workspaceId, messageId: mail.messageId, link: 0 })}`,
      ...Array.from({ length: 40 }, () => `/t/o/${random(10 + Math.floor(Math.random() * 90))}`),
    ];
    for (const p of pixelPaths) {
      const res = await hit(p, CHROME);
      expect(res.status, p).toBe(200);
      expect(res.headers.get('content-type'), p).toBe('image/gif');
    }
    // Only the one genuine click (with extra query parameters) was recorded.
    expect((await hitsOf(mail)).map((e) => [e.type, e.linkPosition])).toEqual([['click', 0]]);
    const strays = await ctx.db.handle.db
      .select()
      .from(events)
      .where(eq(events.workspaceId, ctx.b.workspaceId));
    expect(strays).toHaveLength(0);
  });

  it('after erasure a hit is still answered and counted, but no IP, user agent or address is stored', async () => {
    const mail = mails[11] as Mail;
    const [message] = await ctx.db.handle.db.select().from(messages).where(eq(messages.id, mail.messageId));
    const erased = await ctx.request(`/v1/contacts/${message?.contactId}`, {
      method: 'DELETE',
      key: ctx.a.adminKey,
    });
    expect(erased.status, await show(erased)).toBe(204);
    const t = ctx.clock.now();
    await deliver(mail, new Date(t.getTime() - 3_600_000));
    ctx.clock.advance(60_000);
    const pixel = await hit(mail.open, CHROME);
    expect(pixel.headers.get('content-type')).toBe('image/gif');
    ctx.clock.advance(60_000);
    const click = await hit(mail.clicks[0] ?? '', CHROME);
    expect(click.status, await show(click)).toBe(302);
    expect(click.headers.get('location')).toBe('https://acme.example/offer');
    await ingestProviderEvents({
      deps: ctx.deps,
      workspaceId: ctx.a.workspaceId,
      batch: [
        sgEvent('open', mail.messageId, ctx.clock.now(), {
          ip: '203.0.113.5',
          useragent: CHROME,
          email: 'track-11@example.com',
        }),
        sgEvent('click', mail.messageId, ctx.clock.now(), {
          ip: '203.0.113.5',
          useragent: CHROME,
          url: 'https://acme.example/offer',
          email: 'track-11@example.com',
        }),
      ],
    });
    const stored = (await hitsOf(mail)).filter((e) => e.type === 'open' || e.type === 'click');
    expect(stored.map((e) => `${e.source}:${e.type}`).sort()).toEqual([
      'pixel:open',
      'redirect:click',
      'sendgrid:click',
      'sendgrid:open',
    ]);
    for (const e of stored) {
      expect(e, JSON.stringify(e)).toMatchObject({ ip: null, userAgent: null, raw: null });
      expect(e.classification).not.toBeNull();
    }
    expect(await messageOf(mail)).toMatchObject({ openCount: 2, clickCount: 2 });
    expect(JSON.stringify(await hitsOf(mail))).not.toContain('track-11@example.com');
  });

  it('keeps no address, IP or user agent in the raw payload of an event it does not know', async () => {
    const result = await ingestProviderEvents({
      deps: ctx.deps,
      workspaceId: ctx.a.workspaceId,
      batch: [
        sgEvent('brand_new_kind', null, ctx.clock.now(), {
          email: 'someone@example.com',
          ip: '203.0.113.6',
          useragent: CHROME,
          sg_event_id: 'raw-personal-1',
          detail: 'kept',
        }),
      ],
    });
    expect(result).toMatchObject({ keptRaw: 1 });
    const [row] = await ctx.db.handle.db
      .select()
      .from(events)
      .where(eq(events.providerEventId, 'raw-personal-1'));
    expect(row?.raw).toMatchObject({ detail: 'kept', event: 'brand_new_kind' });
    const raw = JSON.stringify(row?.raw);
    expect(raw).not.toContain('someone@example.com');
    expect(raw).not.toContain('203.0.113.6');
    expect(raw).not.toContain('Chrome');
    expect(row?.raw).toHaveProperty('email_hash');
  });

  it('truncates IP addresses and user agents after the retention period, and only then', async () => {
    const mail = mails[7] as Mail;
    await hit(mail.open, IPHONE, '203.0.113.77');
    await hit(mail.clicks[0] ?? '', CHROME, '2001:db8:1234:5678::9');
    const early = await runDueWork({
      deps: ctx.deps,
      now: new Date(ctx.clock.now().getTime() + 29 * 86_400_000),
    });
    expect(early.truncatedTrackingDetails).toBe(0);
    const report = await runDueWork({
      deps: ctx.deps,
      now: new Date(ctx.clock.now().getTime() + 31 * 86_400_000),
    });
    expect(report.truncatedTrackingDetails).toBeGreaterThanOrEqual(2);
    const stored = await hitsOf(mail);
    expect(stored.map((e) => [e.ip, e.userAgent])).toEqual([
      ['203.0.113.0', 'Mozilla/5.0'],
      ['2001:db8:1234::', 'Mozilla/5.0'],
    ]);
    expect(stored.every((e) => e.detailsTruncatedAt !== null && e.classification === 'human')).toBe(true);
  });
});
