import { beforeAll, describe, expect, it } from 'vitest';
import { issueSession } from '../../src/dashboard/session.js';
import { buildDemo } from '../../src/demo/build-demo.js';
import { demoMailer, PLANTED, SimulatedClock } from '../../src/demo/scenario.js';
import { toCsv } from '../../src/http/csv.js';
import { route as openRates } from '../../src/routes/analysis/open-rates.js';
import { route as createCampaign } from '../../src/routes/campaigns/create.js';
import { route as listOutbox } from '../../src/routes/campaigns/outbox.js';
import { route as campaignReport } from '../../src/routes/campaigns/report.js';
import { route as createKey } from '../../src/routes/keys/create.js';
import { route as listKeys } from '../../src/routes/keys/list.js';
import { runDueWork } from '../../src/services/due-work.js';
import { leadSourceName, subjectFeatureName } from '../../src/text/dashboard.js';
import { minutesSpan } from '../../src/text/index.js';
import { campaignBody } from '../helpers/audience.js';
import { bodyOf } from '../helpers/bodies.js';
import { drain, scheduledCampaign } from '../helpers/sending.js';
import { show, useTestContext } from '../helpers/test-app.js';

describe('the dashboard on the demo data (postgres)', () => {
  const ctx = useTestContext('postgres');
  let demo: Awaited<ReturnType<typeof buildDemo>>;
  let analystKey = '';
  let marketerKey = '';

  const keyOf = async (role: string) => {
    const res = await ctx.request('/v1/keys', {
      method: 'POST',
      key: demo.adminKey,
      json: { name: role, role },
    });
    return (await bodyOf(res, createKey, 201)).key;
  };
  const signIn = async (key: string, headers: Record<string, string> = {}) =>
    ctx.request('/dashboard/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ key }).toString(),
    });
  const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const get = (path: string, cookie: string, headers: Record<string, string> = {}) =>
    ctx.request(path, { headers: { Cookie: cookie, ...headers } });
  const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

  beforeAll(async () => {
    const clock = new SimulatedClock(ctx.clock.now());
    demo = await buildDemo({
      deps: ctx.makeDeps({ clock, mailer: demoMailer }),
      clock,
      options: {
        contacts: 300,
        campaigns: 6,
        endAt: ctx.clock.now(),
        seed: 'dashboard',
      },
    });
    analystKey = await keyOf('analyst');
    marketerKey = await keyOf('marketer');
  });

  it('refuses a wrong key and a key below analyst; signs an analyst in with a safe cookie', async () => {
    const wrong = await signIn('kf_not-a-key-not-a-key-not-a-key');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('role="alert"');
    expect((await signIn(await keyOf('reader'))).status).toBe(401);
    const ok = await signIn(analystKey);
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/dashboard/overview');
    const cookie = ok.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^kaifu_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/dashboard/);
    expect(cookie).not.toMatch(/Secure/);
    const overHttps = await ctx.app.request('https://kaifu.example/dashboard/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: analystKey }).toString(),
    });
    expect(overHttps.headers.get('set-cookie')).toMatch(/Secure/);
  });

  it('shows every page; the heatmap’s cells are the API’s', async () => {
    const cookie = cookieOf(await signIn(analystKey));
    for (const path of [
      '/dashboard/overview',
      '/dashboard/campaigns',
      '/dashboard/heatmap',
      '/dashboard/recommendations',
      '/dashboard/kpi',
    ]) {
      const res = await get(path, cookie);
      expect(res.status, `${path}: ${await show(res)}`).toBe(200);
      const html = await res.text();
      expect(html).toMatch(/<h1>/);
      expect(html).toContain('aria-current="page"');
    }
    const list = await (await get('/dashboard/campaigns', cookie)).text();
    const campaign = /href="(\/dashboard\/campaigns\/[0-9a-f-]{36})"/.exec(list)?.[1] ?? '';
    const detail = await get(campaign, cookie);
    expect(detail.status, await show(detail)).toBe(200);
    const detailHtml = await detail.text();
    expect(detailHtml).toContain('<svg');
    expect(detailHtml).not.toContain('/test-send'); // an analyst may not test-send
    // The time to open is the API report's, quantile by quantile.
    const report = await bodyOf(
      await ctx.request(`/v1/campaigns/${campaign.split('/').pop()}/report`, { key: analystKey }),
      campaignReport,
    );
    const minutes = report.timeToOpen?.minutes;
    expect(minutes).toBeDefined();
    const shown = /<h2>Time to open<\/h2><table>.*?<tbody><tr>(.*?)<\/tr>/s.exec(detailHtml)?.[1] ?? '';
    expect([...shown.matchAll(/<td>(.*?)<\/td>/g)].map((m) => m[1])).toEqual(
      [minutes?.p25, minutes?.median, minutes?.p75, minutes?.p90].map((m) => minutesSpan('en', m ?? -1)),
    );

    const heatmap = await (await get('/dashboard/heatmap', cookie)).text();
    const cells = [
      ...heatmap.matchAll(/data-weekday="(\d)" data-hour="(\d+)" data-rate="([^"]*)" data-n="(\d+)"/g),
    ]
      .filter((m) => m[3] !== '')
      .map((m) => ({ weekday: Number(m[1]), hour: Number(m[2]), rate: Number(m[3]), n: Number(m[4]) }));
    const api = await bodyOf(
      await ctx.request('/v1/analysis/open-rates?dimension=weekdayHour', { key: analystKey }),
      openRates,
    );
    expect(cells).toHaveLength(api.cells.length);
    for (const cell of api.cells) {
      const shown = cells.find((c) => c.weekday === cell.key.weekday && c.hour === cell.key.hour);
      expect(shown?.rate).toBeCloseTo(cell.shrunkRate ?? Number.NaN, 12);
      expect(shown?.n).toBe(cell.delivered);
    }
    const raw = await (await get('/dashboard/heatmap?view=raw', cookie)).text();
    expect(raw).not.toBe(heatmap);
  });

  it('switches language and remembers it; downloads CSV that spreadsheets read', async () => {
    const cookie = cookieOf(await signIn(analystKey));
    const ja = await get('/dashboard/overview?lang=ja', cookie);
    expect(await ja.text()).toContain('<html lang="ja">');
    const remembered = cookieOf(ja);
    expect(remembered).toBe('kaifu_lang=ja');
    const again = await get('/dashboard/kpi', `${cookie}; ${remembered}`, { 'Accept-Language': 'en' });
    const kpiPage = await again.text();
    expect(kpiPage).toContain('KPI計画');
    // The plan's reasons are written in the page's language too.
    expect(kpiPage).toContain('過去3か月で商談');
    expect(kpiPage).not.toContain('in the last 3 months');
    const csv = await get('/dashboard/heatmap?format=csv', cookie);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 byte-order mark
    const [header, first] = new TextDecoder().decode(bytes).trim().split('\r\n');
    expect(header?.split(',')).toContain('key.weekday');
    expect(Number(first?.split(',')[2])).toBeGreaterThan(0);
    expect(toCsv([{ a: '=HYPERLINK("x")', b: -3, c: '+1', d: '@SUM', e: '\tx', f: '日本語' }])).toBe(
      'a,b,c,d,e,f\r\n"\'=HYPERLINK(""x"")",-3,\'+1,\'@SUM,\'\tx,日本語\r\n',
    );
    // A missing object (null) leaves its fields' cells empty, with no column of its own beside them.
    expect(
      toCsv([
        { a: 1, ci: null },
        { a: 2, ci: { lower: 0.1, upper: 0.2 } },
      ]),
    ).toBe('a,ci.lower,ci.upper\r\n1,,\r\n2,0.1,0.2\r\n');
  });

  it('refuses forged and expired cookies and revoked keys; cross-site and tokenless posts; lets a marketer test-send', async () => {
    const deps = ctx.deps;
    const ok = cookieOf(await signIn(analystKey));
    const [name, value] = ok.split('=') as [string, string];
    const [payload, mac] = value.split('.') as [string, string];
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' }),
    ).toString('base64url');
    for (const cookie of [
      `${name}=${forgedPayload}.${mac}`,
      // The MAC's first character: all six of its bits count (the last one's low bits are padding).
      `${name}=${payload}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`,
      `${name}=garbage`,
    ]) {
      const res = await get('/dashboard/overview', cookie);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/dashboard/sign-in');
    }
    const expired = await issueSession(
      deps.config.secret,
      { keyId: 'x', workspaceId: demo.workspaceId, role: 'admin' },
      new Date(ctx.clock.now().getTime() - 9 * 3_600_000),
    );
    expect((await get('/dashboard/overview', `kaifu_session=${expired.token}`)).status).toBe(303);

    const overview = await (await get('/dashboard/overview', ok)).text();
    const csrf = csrfIn(overview);
    expect(csrf).not.toBe('');
    const post = (
      path: string,
      cookie: string,
      form: Record<string, string>,
      headers: Record<string, string> = {},
    ) =>
      ctx.request(path, {
        method: 'POST',
        headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(form).toString(),
      });
    expect((await post('/dashboard/sign-out', ok, { csrf }, { Origin: 'https://evil.example' })).status).toBe(
      403,
    );
    expect((await post('/dashboard/sign-out', ok, {})).status).toBe(403);
    expect(
      (await post('/dashboard/sign-in', '', { key: analystKey }, { Origin: 'https://evil.example' })).status,
    ).toBe(403);

    const list = await (await get('/dashboard/campaigns', ok)).text();
    const campaign = /href="(\/dashboard\/campaigns\/[0-9a-f-]{36})"/.exec(list)?.[1] ?? '';
    expect((await post(`${campaign}/test-send`, ok, { csrf, emails: 'me@acme.example' })).status).toBe(403);
    // Without a SendGrid key, test sends land in the outbox the campaign page shows.
    await ctx.request('/v1/workspace/sendgrid', {
      method: 'PUT',
      key: demo.adminKey,
      json: { apiKey: null },
    });
    const marketer = cookieOf(await signIn(marketerKey));
    const page = await (await get(campaign, marketer)).text();
    expect(page).toContain('/test-send');
    const token = csrfIn(page);
    const many = Array.from({ length: 11 }, (_, i) => `x${i}@acme.example`).join(',');
    const bad = (path: string, emails: string) => post(path, marketer, { csrf: token, emails });
    expect((await bad(`${campaign}/test-send`, many)).status).toBe(400);
    expect((await bad(`${campaign}/test-send`, ' , ')).status).toBe(400);
    expect((await bad('/dashboard/campaigns/not-a-campaign/test-send', 'me@acme.example')).status).toBe(404);
    const sent = await post(`${campaign}/test-send`, marketer, {
      csrf: token,
      emails: 'me@acme.example',
    });
    expect(sent.status, await show(sent)).toBe(303);
    const after = sent.headers.get('location') ?? '';
    expect(after).toBe(`${campaign}?sent=1&skipped=0`);
    const shown = await (await get(after, marketer)).text();
    expect(shown).toContain('me@acme.example');
    expect(shown).toMatch(/role="status">Test send: 1 sent\./);
    // An address of a contact takes that contact's merge fields; the outbox shows what was sent.
    const lead = await post(`${campaign}/test-send`, marketer, {
      csrf: token,
      emails: 'LEAD1@demo-1.example',
    });
    expect(lead.status, await show(lead)).toBe(303);
    const outbox = await bodyOf(
      await ctx.request(`/v1/campaigns/${campaign.split('/').pop()}/outbox`, { key: demo.adminKey }),
      listOutbox,
    );
    expect(outbox.data.find((m) => m.to === 'lead1@demo-1.example')?.html).toContain('<p>Lead 1 様</p>');

    // Signing out ends that session for good, even for a copy of its cookie; other sessions go on.
    const other = cookieOf(await signIn(analystKey));
    const out = await post('/dashboard/sign-out', ok, { csrf });
    expect(out.status).toBe(303);
    expect(out.headers.get('set-cookie')).toMatch(/kaifu_session=;/);
    expect((await get('/dashboard/overview', ok)).status).toBe(303);
    expect((await get('/dashboard/overview', other)).status).toBe(200);
    // Once it would have expired anyway, runDueWork forgets the sign-out.
    const later = new Date(ctx.clock.now().getTime() + 9 * 3_600_000);
    expect((await runDueWork({ deps, now: later })).expiredSignOuts).toBe(1);

    // A revoked key ends its sessions at once.
    const keys = await bodyOf(await ctx.request('/v1/keys', { key: demo.adminKey }), listKeys);
    const analystId = keys.data.find((k) => k.name === 'analyst')?.id;
    await ctx.request(`/v1/keys/${analystId}`, { method: 'DELETE', key: demo.adminKey });
    expect((await get('/dashboard/overview', other)).status).toBe(303);
  });
  it('serves a favicon to anyone, cached, and links one from every page', async () => {
    const icon = await ctx.request('/favicon.ico');
    expect(icon.status, await show(icon)).toBe(200);
    expect(icon.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(icon.headers.get('cache-control')).toMatch(/public, max-age=\d{6,}/);
    expect(await icon.text()).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const signIn = await (await ctx.request('/dashboard/sign-in')).text();
    expect(signIn).toMatch(/<link rel="icon" href="data:image\/svg\+xml,[^"]+"/);
  });

  it('names subject features and lead sources, and explains the yes/no column, in the page’s language', async () => {
    const cookie = cookieOf(await signIn(demo.adminKey));
    const ja = await (await get('/dashboard/recommendations?lang=ja', cookie)).text();
    const rowNames = (html: string) => [...html.matchAll(/<th scope="row">([^<]*)<\/th>/g)].map((m) => m[1]);
    for (const name of [
      '疑問形',
      '数字',
      '括弧',
      '差し込み',
      '絵文字',
      '緊急性',
      'インバウンド',
      'アウトバウンド',
    ]) {
      expect(rowNames(ja)).toContain(name);
    }
    expect(ja).not.toMatch(/>(question|number|brackets|personalized|emoji|urgency|inbound|outbound)</);
    expect(ja).not.toContain('>主張<');
    expect(ja).toContain('偶然とは言えない差');
    const en = await (await get('/dashboard/recommendations?lang=en', cookie)).text();
    expect(rowNames(en)).toEqual(expect.arrayContaining(['Question', 'Personalization', 'Inbound']));
    expect(en).not.toContain('>Claimed<');
    // Each yes/no column says what it claims: in its header's title and in a note under its table.
    expect(en).toMatch(/<th scope="col" title="[^"]*Benjamini–Hochberg[^"]*">Beats the other slots\?<\/th>/);
    expect(en).toMatch(/<th scope="col" title="[^"]*Benjamini–Hochberg[^"]*">Clear difference\?<\/th>/);
    expect(en).toContain('false-discovery rate');
    expect(subjectFeatureName('ja', 'veryLong')).toBe('件名の長さ: 51 文字以上');
    expect(leadSourceName('ja', null)).toBe('不明');
    expect(leadSourceName('ja', 'unknown')).toBe('不明');
    expect(leadSourceName('en', 'unknown')).toBe('Unknown');
  });

  // Last: these add campaigns, which the tests above would find first in the list.
  it('says "No winner yet" only for an A/B test still to decide; a campaign without one says it has none', async () => {
    const cookie = cookieOf(await signIn(demo.adminKey));
    const list = await (await get('/dashboard/campaigns', cookie)).text();
    const plain = /href="(\/dashboard\/campaigns\/[0-9a-f-]{36})">Nurture #1</.exec(list)?.[1] ?? '';
    const decided = `/dashboard/campaigns/${demo.abTestCampaignId}`;
    const created = await ctx.request('/v1/campaigns', {
      method: 'POST',
      key: demo.adminKey,
      json: campaignBody(demo.listId, { name: 'Undecided test', test: PLANTED.abTest }),
    });
    const undecided = `/dashboard/campaigns/${(await bodyOf(created, createCampaign, 201)).id}`;
    const page = async (path: string, lang: string) => (await get(`${path}?lang=${lang}`, cookie)).text();

    for (const lang of ['en', 'ja']) {
      const html = await page(plain, lang);
      expect(html, lang).toContain(lang === 'en' ? 'No A/B test' : 'A/B テストなし');
      expect(html, lang).not.toContain(lang === 'en' ? 'No winner yet' : '勝者なし:');
      expect(html, lang).not.toContain(lang === 'en' ? 'No decision yet' : '未判定');
      expect(await page(undecided, lang), lang).toContain(
        lang === 'en' ? 'No winner yet' : 'まだ勝者は決まっていません',
      );
      const done = await page(decided, lang);
      expect(done, lang).not.toContain(lang === 'en' ? 'No A/B test' : 'A/B テストなし');
      expect(done, lang).not.toContain(lang === 'en' ? 'No winner yet' : '勝者なし:');
    }
  });

  it('shows a slot with sends but no deliveries as sent and undelivered; its CSV has no stray column', async () => {
    // Into the outbox (no SendGrid key): these sends get no delivery reports, while the demo's have them.
    await ctx.request('/v1/workspace/sendgrid', {
      method: 'PUT',
      key: demo.adminKey,
      json: { apiKey: null },
    });
    const workspace = { workspaceId: demo.workspaceId, adminKeyId: '', adminKey: demo.adminKey };
    const { campaignId } = await scheduledCampaign(ctx, workspace, 3, 'undelivered');
    await drain(ctx, ctx.deps, campaignId);
    const rates = async (query: string) =>
      bodyOf(
        await ctx.request(`/v1/analysis/open-rates?dimension=weekdayHour${query}`, { key: demo.adminKey }),
        openRates,
      );
    const [slot] = (await rates(`&campaignId=${campaignId}`)).cells;
    const all = await rates('');
    const cell = all.cells.find((c) => c.key.weekday === slot?.key.weekday && c.key.hour === slot?.key.hour);
    expect(all.denominator).toBe('delivered');
    expect(cell).toMatchObject({ sends: 3, delivered: 0, rate: null, ci: null });

    const cookie = cookieOf(await signIn(demo.adminKey));
    const at = `data-weekday="${slot?.key.weekday}" data-hour="${slot?.key.hour}"`;
    for (const [lang, sent, undelivered] of [
      ['en', '3 sent', '3 sent, 0 delivered'],
      ['ja', '3 件送信', '3 件送信、配信 0 件'],
    ] as const) {
      const html = await (await get(`/dashboard/heatmap?lang=${lang}`, cookie)).text();
      const td = new RegExp(`<td ${at}[^>]*>(.*?)</td>`).exec(html);
      expect(td?.[0], lang).toContain(undelivered);
      expect(td?.[1], lang).toContain(sent);
      expect(td?.[1], lang).not.toMatch(/\(0\)/);
    }

    const csv = await (await get('/dashboard/heatmap?format=csv', cookie)).text();
    const [header, ...rows] = csv.slice(1).trim().split('\r\n');
    const columns = header?.split(',') ?? [];
    expect(columns.filter((c) => c.startsWith('ci'))).toEqual(['ci.lower', 'ci.upper']);
    for (const row of rows) expect(row.split(','), row).toHaveLength(columns.length);
  });
});
