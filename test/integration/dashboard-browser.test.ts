import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo } from '../../src/demo/build-demo.js';
import { demoMailer, SimulatedClock } from '../../src/demo/scenario.js';
import { route as openRates } from '../../src/routes/analysis/open-rates.js';
import { bodyOf } from '../helpers/bodies.js';
import { useTestContext } from '../helpers/test-app.js';

/** Debian's Chromium (.ci/run installs it when missing); CHROMIUM_PATH points elsewhere. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the screenshots of each page go, to be looked at. */
const SHOTS = process.env.KAIFU_SCREENSHOTS ?? '/tmp/kaifu-dashboard-screenshots';

describe('the dashboard in a real headless Chromium (postgres, demo data)', () => {
  const ctx = useTestContext('postgres');
  let browser: Browser;
  let server: ReturnType<typeof serve>;
  let evil: Server;
  let base = '';
  let evilBase = '';
  let adminKey = '';

  beforeAll(async () => {
    const clock = new SimulatedClock(ctx.clock.now());
    ({ adminKey } = await buildDemo({
      deps: ctx.makeDeps({ clock, mailer: demoMailer }),
      clock,
      options: {
        contacts: 300,
        campaigns: 6,
        endAt: ctx.clock.now(),
        seed: 'browser',
      },
    }));
    await new Promise<void>((resolve) => {
      server = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
        base = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
    // Another origin with a form that posts to the dashboard: what a cross-site attack would do.
    evil = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(
        `<form id="f" method="post" action="${base}/dashboard/sign-out"><input name="csrf" value="guess"></form>` +
          '<script>document.getElementById("f").submit()</script>',
      );
    });
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    evilBase = `http://localhost:${(evil.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    mkdirSync(SHOTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    evil?.close();
  });

  async function signIn(page: Page, key: string) {
    await page.goto(`${base}/dashboard`);
    await page.getByLabel(/API key|API キー/).fill(key);
    await page.getByRole('button', { name: /Sign in|サインイン/ }).click();
  }

  /** The page at a window `width` wide: no horizontal scrolling, and a screenshot to look at. */
  async function expectFits(page: Page, width: number, shot: string) {
    const viewport = page.viewportSize();
    await page.setViewportSize({ width, height: 900 });
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.screenshot({ path: `${SHOTS}/${shot}.png`, fullPage: true });
    expect(scrollWidth, `${page.url()} at ${width} px`).toBeLessThanOrEqual(width);
    if (viewport) await page.setViewportSize(viewport);
  }

  it('signs in, opens an experiment, reads the heatmap against the API, switches language, downloads CSV, signs out', async () => {
    const context = await browser.newContext({ locale: 'en-US', acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, adminKey);
    await expect.poll(() => page.url()).toBe(`${base}/dashboard/overview`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
    await page.screenshot({ path: `${SHOTS}/overview.png`, fullPage: true });

    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.screenshot({ path: `${SHOTS}/campaigns.png`, fullPage: true });
    await page.getByRole('link', { name: /Nurture #1$/ }).click();
    expect(await page.getByRole('table').first().locator('tbody tr').count()).toBe(2);
    expect(await page.locator('svg[role=img]').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: `${SHOTS}/campaign.png`, fullPage: true });

    await page.getByRole('link', { name: 'Heatmap' }).click();
    const shown = await page.locator('#heatmap td[data-rate]:not([data-rate=""])').evaluateAll((cells) =>
      cells.map((c) => ({
        weekday: Number(c.getAttribute('data-weekday')),
        hour: Number(c.getAttribute('data-hour')),
        rate: Number(c.getAttribute('data-rate')),
        n: Number(c.getAttribute('data-n')),
      })),
    );
    const api = await bodyOf(
      await ctx.request('/v1/analysis/open-rates?dimension=weekdayHour', { key: adminKey }),
      openRates,
    );
    expect(shown).toHaveLength(api.cells.length);
    for (const cell of api.cells) {
      const s = shown.find((c) => c.weekday === cell.key.weekday && c.hour === cell.key.hour);
      expect(s?.rate).toBeCloseTo(cell.shrunkRate ?? Number.NaN, 12);
      expect(s?.n).toBe(cell.delivered);
    }
    await page.screenshot({ path: `${SHOTS}/heatmap.png`, fullPage: true });
    await expectFits(page, 1400, 'heatmap-1400');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download CSV' }).click();
    const file = await (await download).path();
    const csv = await readFile(file, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const rows = csv.slice(1).trim().split('\r\n');
    expect(rows).toHaveLength(api.cells.length + 1);

    await page.getByRole('link', { name: '日本語' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('ヒートマップ');
    await page.screenshot({ path: `${SHOTS}/heatmap-ja.png`, fullPage: true });
    await expectFits(page, 1400, 'heatmap-1400-ja');
    await page.getByRole('link', { name: 'おすすめ' }).click();
    await page.screenshot({ path: `${SHOTS}/recommendations-ja.png`, fullPage: true });
    await page.getByRole('link', { name: 'KPI計画' }).click();
    await page.screenshot({ path: `${SHOTS}/kpi-ja.png`, fullPage: true });

    await page.getByRole('button', { name: 'サインアウト' }).click();
    await expect.poll(() => page.url()).toBe(`${base}/dashboard/sign-in`);
    await page.goto(`${base}/dashboard/overview`);
    expect(page.url()).toBe(`${base}/dashboard/sign-in`);
    await context.close();
  }, 120_000);

  it('refuses a wrong key, a forged or expired cookie, and a cross-site form post', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, 'kf_not-a-key-not-a-key-not-a-key');
    expect(await page.getByRole('alert').count()).toBe(1);

    await signIn(page, adminKey);
    await expect.poll(() => page.url()).toBe(`${base}/dashboard/overview`);
    const [session] = (await context.cookies()).filter((c) => c.name === 'kaifu_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Lax');

    // A cross-site page auto-submits a sign-out form: refused, and the session survives.
    const refused = page.waitForResponse((r) => r.url() === `${base}/dashboard/sign-out`);
    await page.goto(evilBase);
    expect((await refused).status()).toBe(403);
    await page.goto(`${base}/dashboard/overview`);
    expect(page.url()).toBe(`${base}/dashboard/overview`);

    const value0 = session?.value ?? '';
    const altered = `${value0.startsWith('e') ? 'f' : 'e'}${value0.slice(1)}`;
    for (const value of [altered, 'eyJrZXlJZCI6IngifQ.bad']) {
      await context.addCookies([{ ...(session as NonNullable<typeof session>), value }]);
      await page.goto(`${base}/dashboard/overview`);
      expect(page.url()).toBe(`${base}/dashboard/sign-in`);
    }
    await context.close();
  }, 120_000);

  it('renders the API reference with every byte from this server (no CDN)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const elsewhere: string[] = [];
    // Anything not from this server is refused and noted: the page must work without internet.
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(base)) return route.continue();
      elsewhere.push(route.request().url());
      return route.abort();
    });
    await page.goto(`${base}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(40);
    await expect(
      page.getByText('A contact’s best local hour, looked up by email address').count(),
    ).resolves.toBe(1);
    await page.screenshot({ path: `${SHOTS}/docs.png` });
    expect(elsewhere).toEqual([]);
    await context.close();
  }, 60_000);
});
