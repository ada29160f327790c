import { beforeAll, describe, expect, it } from 'vitest';
import { buildDemo } from '../../src/demo/build-demo.js';
import { demoMailer, SimulatedClock } from '../../src/demo/scenario.js';
import { route as createKey } from '../../src/routes/keys/create.js';
import { shiftMonth } from '../../src/services/kpi/pace.js';
import { bodyOf } from '../helpers/bodies.js';
import { useTestContext } from '../helpers/test-app.js';

describe('the dashboard’s KPI page on the demo data (postgres)', () => {
  const ctx = useTestContext('postgres');
  let cookie = '';
  let month = '';

  beforeAll(async () => {
    const clock = new SimulatedClock(ctx.clock.now());
    const demo = await buildDemo({
      deps: ctx.makeDeps({ clock, mailer: demoMailer }),
      clock,
      options: { contacts: 300, campaigns: 8, endAt: ctx.clock.now(), seed: 'kpi-page' },
    });
    const made = await ctx.request('/v1/keys', {
      method: 'POST',
      key: demo.adminKey,
      json: { name: 'analyst', role: 'analyst' },
    });
    const key = (await bodyOf(made, createKey, 201)).key;
    const signedIn = await ctx.request('/dashboard/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key }).toString(),
    });
    cookie = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    // This month: the demo's eight weekly campaigns began the month before, the plan's history.
    month = ctx.clock.now().toISOString().slice(0, 7);
    await ctx.request(`/v1/kpi/targets/${month}`, {
      method: 'PUT',
      key: demo.adminKey,
      json: { wonTarget: 6 },
    });
  });

  const page = async (query: string, lang = 'en') => {
    const res = await ctx.request(`/dashboard/kpi${query}`, {
      headers: { Cookie: cookie, 'Accept-Language': lang },
    });
    expect(res.status).toBe(200);
    return res.text();
  };

  it('picks the month, and shows the plan as rates with intervals, ranges and the chance to reach it', async () => {
    const html = await page(`?month=${month}`);
    expect(html).toContain(`<option value="${month}" selected`);
    expect(html).toContain(`<option value="${shiftMonth(month, -11)}"`);
    expect(html).toMatch(/95%: [\d.]+%–[\d.]+%/);
    expect(html).toMatch(/95%: [\d,]+–[\d,]+/);
    expect(html).toContain('Chance to reach');
    expect(html).toContain('The won target of 6 is split by the last 3 months’ won deals');
    // The page of another month is that month's.
    expect(await page(`?month=${shiftMonth(month, -1)}`)).toContain(
      `<option value="${shiftMonth(month, -1)}" selected`,
    );
  });

  it('shows the month’s funnel by lead source and by campaign, and says how its meeting rate differs', async () => {
    const html = await page(`?month=${month}`);
    expect(html).toContain('Funnel this month');
    expect(html).toContain('By lead source');
    expect(html).toContain('By campaign');
    // The demo names its campaigns; each row of the campaign table is one by name, not by id.
    expect(html).toMatch(/<th scope="row" class="text">[^<]*\D[^<]*<\/th>\s*<td>[\d,]+<\/td>/);
    expect(html).not.toMatch(/<th scope="row" class="text">[0-9a-f-]{36}<\/th>/);
    expect(html).toContain('The plan’s meeting rate is per engaged lead');
  });

  it('says it in Japanese', async () => {
    const html = await page(`?month=${month}`, 'ja');
    expect(html).toContain('今月の逆算計画');
    expect(html).toContain('達成の見込み');
    expect(html).toContain('キャンペーン別');
    expect(html).toMatch(/95%: [\d.]+%〜[\d.]+%/);
  });
});
