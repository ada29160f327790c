import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildDemo } from '../../src/demo/build-demo.js';
import { demoMailer, SimulatedClock } from '../../src/demo/scenario.js';
import { seededRandom } from '../../src/lib/random.js';
import { route as listOutbox } from '../../src/routes/campaigns/outbox.js';
import { runDueWork } from '../../src/services/due-work.js';
import { bodyOf } from '../helpers/bodies.js';
import { type FakeSendgrid, startFakeSendgrid } from '../helpers/fake-sendgrid.js';
import { scheduledCampaign, setSendgridKey, withFake } from '../helpers/sending.js';
import { show, useTestContext } from '../helpers/test-app.js';

/**
 * Golden files: what Kaifu shows the outside world, byte for byte — the OpenAPI document, the mail SendGrid is
 * asked to send, and the dashboard's pages on the demo data in both languages. A restructuring must leave them
 * unchanged; a change meant to alter them updates the files (`npx vitest run golden -u`) and shows the diff in
 * review. Only what is random per run (ids, signed tokens, CSRF values) is replaced by numbered placeholders.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const TOKEN = /\/(t\/[oc]|u)\/[A-Za-z0-9_.~-]+/g;

function normalized(text: string): string {
  const seen = new Map<string, string>();
  const placeholder = (kind: string) => (value: string) => {
    const known = seen.get(value);
    if (known) return known;
    const made = `<${kind}-${[...seen.values()].filter((v) => v.startsWith(`<${kind}-`)).length + 1}>`;
    seen.set(value, made);
    return made;
  };
  return text
    .replace(TOKEN, (whole, path: string) => `/${path}/${placeholder('token')(whole)}`)
    .replace(UUID, placeholder('id'))
    .replace(/name="csrf" value="[^"]+"/g, 'name="csrf" value="<csrf>"')
    .replace(/nonce="[^"]+"/g, 'nonce="<nonce>"');
}

const golden = (name: string) => `./golden/${name}`;

/**
 * Ids, keys and campaign seeds come from the platform's randomness, and the order of contacts (so their variant
 * and the demo's draws) from their ids: drawn from seeded generators instead, the same data is built every run.
 * Undone by `vi.restoreAllMocks()`.
 */
function seedRandomness(label: string) {
  vi.spyOn(Math, 'random').mockImplementation(seededRandom(`${label}-math-random`));
  const bytes = seededRandom(`${label}-random-bytes`);
  vi.spyOn(crypto, 'getRandomValues').mockImplementation((array) => {
    const view = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    for (let i = 0; i < view.length; i++) view[i] = Math.floor(bytes() * 256);
    return array;
  });
}

describe('golden files (postgres)', () => {
  const ctx = useTestContext('postgres');

  it('the OpenAPI document', async () => {
    const res = await ctx.request('/openapi.json');
    expect(res.status, await show(res)).toBe(200);
    await expect(`${JSON.stringify(await res.json(), null, 2)}\n`).toMatchFileSnapshot(
      golden('openapi.json'),
    );
  });

  describe('the mail of a sample campaign', () => {
    let fake: FakeSendgrid;
    beforeAll(async () => {
      fake = await startFakeSendgrid();
    });
    afterAll(() => fake.close());

    const html =
      '<h1>{{name|お客様}}様</h1><p>{{company}} の皆さまへ、今月の<b>新機能</b>をご紹介します。</p>' +
      '<a href="https://acme.example/offer?utm_source=kaifu&amp;x=1">特別オファー</a> ' +
      '<a href="https://acme.example/case">Case study</a>';
    const sample = {
      html,
      text: '{{name|お客様}}様\n{{company}} の皆さまへ: https://acme.example/offer',
      variants: [{ subject: '{{name|there}}, 今月のご案内' }, { subject: 'What is new this month?' }],
    };
    const byEmail = (x: { to: { email: string }[] }, y: { to: { email: string }[] }) =>
      (x.to[0]?.email ?? '').localeCompare(y.to[0]?.email ?? '');

    afterEach(() => vi.restoreAllMocks());

    it('as SendGrid is asked to send it', async () => {
      seedRandomness('sendgrid');
      await setSendgridKey(ctx, ctx.a);
      await scheduledCampaign(ctx, ctx.a, 3, 'golden', sample);
      ctx.clock.advance(2 * 60_000);
      await runDueWork({ deps: withFake(ctx, fake), now: ctx.clock.now() });
      const bodies = fake.requests.map((r) => r.body);
      expect(bodies.length).toBe(2);
      bodies.sort((x, y) =>
        (x.personalizations[0]?.subject ?? '').localeCompare(y.personalizations[0]?.subject ?? ''),
      );
      for (const body of bodies) body.personalizations.sort(byEmail);
      await expect(normalized(`${JSON.stringify(bodies, null, 2)}\n`)).toMatchFileSnapshot(
        golden('mail/sendgrid-request.json'),
      );
    });

    it('as the outbox renders it for one recipient (no SendGrid key)', async () => {
      seedRandomness('outbox');
      const { campaignId } = await scheduledCampaign(ctx, ctx.b, 3, 'golden', sample);
      ctx.clock.advance(2 * 60_000);
      await runDueWork({ deps: ctx.deps, now: ctx.clock.now() });
      const res = await ctx.request(`/v1/campaigns/${campaignId}/outbox?limit=10`, { key: ctx.b.adminKey });
      expect(res.status, await show(res)).toBe(200);
      const entries = (await bodyOf(res, listOutbox)).data;
      expect(entries.length).toBe(3);
      const first = entries.sort((x, y) => x.to.localeCompare(y.to))[0];
      await expect(normalized(first?.html ?? '')).toMatchFileSnapshot(golden('mail/outbox.html'));
      await expect(normalized(first?.text ?? '')).toMatchFileSnapshot(golden('mail/outbox.txt'));
    });
  });

  describe('the dashboard on the demo data', () => {
    let cookie = '';
    let campaignPath = '';
    beforeAll(async () => {
      seedRandomness('demo');
      const clock = new SimulatedClock(ctx.clock.now());
      const demo = await buildDemo({
        deps: ctx.makeDeps({ clock, mailer: demoMailer }),
        clock,
        options: {
          contacts: 300,
          campaigns: 6,
          endAt: ctx.clock.now(),
          seed: 'golden',
        },
      });
      vi.restoreAllMocks();
      const signIn = await ctx.request('/dashboard/sign-in', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ key: demo.adminKey }).toString(),
      });
      expect(signIn.status, await show(signIn)).toBe(303);
      cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const list = await (await ctx.request('/dashboard/campaigns', { headers: { Cookie: cookie } })).text();
      campaignPath = /href="(\/dashboard\/campaigns\/[0-9a-f-]{36})"/.exec(list)?.[1] ?? '';
      expect(campaignPath).not.toBe('');
    });

    // Not the KPI page: its funnel by campaign and its plan's history show which campaign a meeting is
    // credited to, which differs by one now and then from run to run on the same seed (a clean-clone CI run
    // showed it; the cause is not found yet). test/integration/dashboard-kpi.test.ts checks that page.
    const pages = ['sign-in', 'overview', 'campaigns', 'campaign', 'heatmap', 'recommendations'];
    for (const lang of ['en', 'ja']) {
      for (const page of pages) {
        it(`${page} (${lang})`, async () => {
          const path = page === 'campaign' ? campaignPath : `/dashboard/${page}`;
          const res = await ctx.request(path, {
            headers: { 'Accept-Language': lang, ...(page === 'sign-in' ? {} : { Cookie: cookie }) },
          });
          expect(res.status, await show(res)).toBe(200);
          await expect(normalized(await res.text())).toMatchFileSnapshot(
            golden(`dashboard/${page}.${lang}.html`),
          );
        });
      }
    }
  });
});
