import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { route as listOutbox } from '../../src/routes/campaigns/outbox.js';
import { route as testSendRoute } from '../../src/routes/campaigns/test-send.js';
import { importContacts } from '../helpers/audience.js';
import { bodyOf } from '../helpers/bodies.js';
import { type FakeSendgrid, startFakeSendgrid } from '../helpers/fake-sendgrid.js';
import { scheduledCampaign, setSendgridKey, withFake } from '../helpers/sending.js';
import { BACKENDS, show, useTestContext } from '../helpers/test-app.js';

describe.each(BACKENDS)('test sends on %s', (backend) => {
  const ctx = useTestContext(backend, { rateLimitPerMinute: 1_000_000 });
  let fake: FakeSendgrid;
  let app: ReturnType<typeof createApp>;
  let campaignId: string;
  beforeAll(async () => {
    fake = await startFakeSendgrid();
    app = createApp(withFake(ctx, fake));
    await setSendgridKey(ctx, ctx.a);
    ({ campaignId } = await scheduledCampaign(ctx, ctx.a, 1, 'ts'));
    const ids = await importContacts(ctx, [
      { email: 'gone@example.com' },
      { email: 'bounced@example.com' },
      { email: 'angry@example.com' },
      { email: 'erased@example.com' },
    ]);
    for (const [email, reason] of [
      ['gone@example.com', 'unsubscribed'],
      ['bounced@example.com', 'bounced'],
      ['angry@example.com', 'complained'],
      ['never-a-contact@example.com', 'manual'],
    ] as const) {
      const res = await ctx.request('/v1/suppressions', {
        method: 'POST',
        key: ctx.a.adminKey,
        json: { suppressions: [{ email, reason }] },
      });
      expect(res.status, await show(res)).toBe(200);
    }
    const erased = await ctx.request(`/v1/contacts/${ids.get('erased@example.com')}`, {
      method: 'DELETE',
      key: ctx.a.adminKey,
    });
    expect(erased.status, await show(erased)).toBe(204);
  });
  afterAll(() => fake.close());

  const testSend = (emails: string[], key = ctx.a.adminKey) =>
    app.request(`/v1/campaigns/${campaignId}/test-send`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ emails }),
    });

  it('skips every suppressed address and says why, mailing only the others, each with an id of its own', async () => {
    const before = fake.requests.length;
    const res = await testSend([
      'GONE@example.com',
      'bounced@example.com',
      'angry@example.com',
      'never-a-contact@example.com',
      'erased@example.com',
      'boss@acme.example',
    ]);
    expect(res.status, await show(res)).toBe(200);
    const body = await bodyOf(res, testSendRoute);
    expect(body.sent).toBe(1);
    expect(body.via).toBe('sendgrid');
    expect(body.skipped.sort((a, b) => a.email.localeCompare(b.email))).toEqual([
      { email: 'angry@example.com', reason: 'complained' },
      { email: 'bounced@example.com', reason: 'bounced' },
      { email: 'erased@example.com', reason: 'erased' },
      { email: 'gone@example.com', reason: 'unsubscribed' },
      { email: 'never-a-contact@example.com', reason: 'manual' },
    ]);
    const requests = fake.requests.slice(before);
    expect(requests).toHaveLength(1);
    const personalizations = requests[0]?.body.personalizations ?? [];
    expect(personalizations.map((p) => p.to[0]?.email)).toEqual(['boss@acme.example']);
    expect(personalizations[0]?.custom_args?.kaifu_test_send_id).toBe(body.testSendId);
    expect(body.testSendId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('sends nothing when every address is suppressed', async () => {
    const before = fake.requests.length;
    const res = await testSend(['gone@example.com']);
    expect(res.status, await show(res)).toBe(200);
    expect(await res.json()).toMatchObject({ sent: 0, skipped: [{ email: 'gone@example.com' }] });
    expect(fake.requests.length).toBe(before);
  });

  it('fills merge fields from the contact the address belongs to, else with their fallbacks', async () => {
    ctx.clock.advance(60_000);
    const merged = await scheduledCampaign(ctx, ctx.a, 2, 'merge', {
      html: '<p>Dear {{name|reader}} of {{company|your team}} ({{plan|trial}}), hi {{name}}.</p>',
      text: 'Dear {{name|reader}} of {{company|your team}} ({{plan|trial}})',
      variants: [{ subject: '{{name|Friend}}: news' }],
    });
    const before = fake.requests.length;
    const res = await app.request(`/v1/campaigns/${merged.campaignId}/test-send`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ctx.a.adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ emails: ['MERGE-1@example.com', 'stranger@acme.example'] }),
    });
    expect(res.status, await show(res)).toBe(200);
    const [request] = fake.requests.slice(before);
    const html = request?.body.content.find((c) => c.type === 'text/html')?.value ?? '';
    const text = request?.body.content.find((c) => c.type === 'text/plain')?.value ?? '';
    // What SendGrid does: each substitution's key ('{{kf_h0}}' on the wire) replaced by its value.
    const substitute = (content: string, subs: Record<string, string>) =>
      Object.entries(subs).reduce((out, [key, value]) => out.split(key).join(value), content);
    const rendered = (request?.body.personalizations ?? []).map((p) => ({
      to: p.to[0]?.email,
      subject: p.subject,
      html: substitute(html, p.substitutions ?? {}),
      text: substitute(text, p.substitutions ?? {}),
    }));
    expect(rendered.map((r) => [r.to, r.subject])).toEqual([
      ['merge-1@example.com', '[TEST] Lead 1: news'],
      ['stranger@acme.example', '[TEST] Friend: news'],
    ]);
    expect(rendered[0]?.html).toContain('Dear Lead 1 of Company 1 (pro), hi Lead 1.');
    expect(rendered[0]?.text).toContain('Dear Lead 1 of Company 1 (pro)');
    // A field without a fallback is empty for an address that is no contact, as for a contact without it.
    expect(rendered[1]?.html).toContain('Dear reader of your team (trial), hi .');
    expect(rendered[1]?.text).toContain('Dear reader of your team (trial)');
  });

  it('fills merge fields the same way in the outbox (no SendGrid key)', async () => {
    ctx.clock.advance(60_000);
    const merged = await scheduledCampaign(ctx, ctx.b, 2, 'merge-outbox', {
      html: '<p>Dear {{name|reader}} of {{company|your team}} ({{plan|trial}}), hi {{name}}.</p>',
      text: 'Dear {{name|reader}} of {{company|your team}} ({{plan|trial}})',
      variants: [{ subject: '{{name|Friend}}: news' }],
    });
    const res = await ctx.request(`/v1/campaigns/${merged.campaignId}/test-send`, {
      method: 'POST',
      key: ctx.b.adminKey,
      json: { emails: ['merge-outbox-1@example.com', 'stranger@acme.example'] },
    });
    expect(res.status, await show(res)).toBe(200);
    const outbox = await bodyOf(
      await ctx.request(`/v1/campaigns/${merged.campaignId}/outbox`, { key: ctx.b.adminKey }),
      listOutbox,
    );
    const mail = (to: string) => outbox.data.find((m) => m.to === to);
    expect(mail('merge-outbox-1@example.com')).toMatchObject({ subject: '[TEST] Lead 1: news' });
    expect(mail('merge-outbox-1@example.com')?.html).toContain('Dear Lead 1 of Company 1 (pro), hi Lead 1.');
    expect(mail('merge-outbox-1@example.com')?.text).toContain('Dear Lead 1 of Company 1 (pro)');
    expect(mail('stranger@acme.example')).toMatchObject({ subject: '[TEST] Friend: news' });
    // A field without a fallback is empty for an address that is no contact, as for a contact without it.
    expect(mail('stranger@acme.example')?.html).toContain('Dear reader of your team (trial), hi .');
    expect(mail('stranger@acme.example')?.text).toContain('Dear reader of your team (trial)');
  });

  it('allows 20 test sends a minute per workspace, whatever the key, then 429 with Retry-After', async () => {
    ctx.clock.advance(60_000);
    const marketer = await ctx.keyFor(ctx.a, 'marketer');
    for (let i = 0; i < 20; i++) {
      const res = await testSend([`t${i}@acme.example`], i % 2 ? marketer : ctx.a.adminKey);
      expect(res.status, `${i}: ${await show(res)}`).toBe(200);
    }
    const refused = await testSend(['t20@acme.example'], marketer);
    expect(refused.status, await show(refused)).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // Another workspace has a budget of its own.
    await setSendgridKey(ctx, ctx.b);
    const other = await scheduledCampaign(ctx, ctx.b, 1, 'ts-b');
    const inB = await app.request(`/v1/campaigns/${other.campaignId}/test-send`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ctx.b.adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ emails: ['b@acme.example'] }),
    });
    expect(inB.status, await show(inB)).toBe(200);
    ctx.clock.advance(60_000);
    expect((await testSend(['t21@acme.example'])).status).toBe(200);
  });
});
