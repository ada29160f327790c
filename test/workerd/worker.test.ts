import {
  createExecutionContext,
  createScheduledController,
  env,
  SELF,
  waitOnExecutionContext,
} from 'cloudflare:test';
import worker from 'kaifu:worker-bundle';
import { sql } from 'drizzle-orm';
import { describe, expect, inject, it } from 'vitest';
import { connectPostgres, queryRows } from '../../src/db/client.js';
import type { WorkerEnv } from '../../src/entry/worker.js';
import { route as createKey } from '../../src/routes/keys/create.js';
import { bodyOf } from '../helpers/bodies.js';

describe('the Worker entry in workerd, Hyperdrive bound to local Postgres', () => {
  it('authenticates an API key and reads /v1/workspace', async () => {
    const res = await SELF.fetch('https://kaifu.test/v1/workspace', {
      headers: { Authorization: `Bearer ${inject('workerdAdminKey')}` },
    });
    const body = await res.text();
    expect(res.status, body).toBe(200);
    expect(JSON.parse(body)).toMatchObject({ id: inject('workerdWorkspaceId'), name: 'Workerd' });
    expect(res.headers.get('x-request-id')).toBeTruthy();
  });

  it('refuses a wrong key with the standard error body', async () => {
    const res = await SELF.fetch('https://kaifu.test/v1/workspace', {
      headers: { Authorization: 'Bearer kf_not-a-real-key-not-a-real-key' },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('creates a key through Postgres and uses it at once', async () => {
    const created = await SELF.fetch('https://kaifu.test/v1/keys', {
      method: 'POST',
      headers: { Authorization: `Bearer ${inject('workerdAdminKey')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'reader from workerd', role: 'reader' }),
    });
    const body = await bodyOf(created, createKey, 201);
    expect(created.status, JSON.stringify(body)).toBe(201);
    const read = await SELF.fetch('https://kaifu.test/v1/workspace', {
      headers: { Authorization: `Bearer ${body.key}` },
    });
    expect(read.status).toBe(200);
  });

  it('serves /healthz and the OpenAPI document', async () => {
    expect((await SELF.fetch('https://kaifu.test/healthz')).status).toBe(200);
    const doc = (await (await SELF.fetch('https://kaifu.test/openapi.json')).json()) as { openapi: string };
    expect(doc.openapi).toBe('3.1.0');
  });

  it('serves the API reference page, and Swagger UI’s files are its Static Assets', async () => {
    const page = await SELF.fetch('https://kaifu.test/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/docs/assets/swagger-ui-bundle.js');
    expect(html).not.toMatch(/https?:\/\/(?!kaifu\.test)/);
    for (const [file, type] of [
      ['swagger-ui-bundle.js', 'javascript'],
      ['swagger-ui.css', 'text/css'],
    ] as const) {
      // Static Assets answer before the script runs: what a deploy serves is what this binding holds.
      const assets = (env as unknown as { ASSETS: Fetcher }).ASSETS;
      const asset = await assets.fetch(`https://kaifu.test/docs/assets/${file}`);
      expect(asset.status, file).toBe(200);
      expect(asset.headers.get('content-type'), file).toContain(type);
      expect((await asset.arrayBuffer()).byteLength, file).toBeGreaterThan(100_000);
    }
  });
});

describe('the SendGrid Event Webhook in workerd', () => {
  it('verifies a signed batch with WebCrypto, stores it once, and refuses it altered', async () => {
    const { body, headers } = inject('workerdWebhook');
    const url = `https://kaifu.test/webhooks/sendgrid/${inject('workerdWorkspaceId')}`;
    const first = await SELF.fetch(url, { method: 'POST', headers, body });
    const text = await first.text();
    expect(first.status, text).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ received: 1, stored: 1, ignored: 0, unmatched: 0 });
    const again = await SELF.fetch(url, { method: 'POST', headers, body });
    expect(await again.json()).toMatchObject({ stored: 0, duplicates: 1 });
    const altered = await SELF.fetch(url, {
      method: 'POST',
      headers,
      body: body.replace('delivered', 'bounce'),
    });
    expect(altered.status).toBe(401);
  });
});

describe('the Cron Trigger in workerd', () => {
  it('dispatches a due campaign to SendGrid (a local fake) through the real client', async () => {
    const controller = createScheduledController({ scheduledTime: new Date(), cron: '* * * * *' });
    const execution = createExecutionContext();
    await worker.scheduled(controller, env as unknown as WorkerEnv, execution);
    await waitOnExecutionContext(execution);
    const requests = (await (await fetch(`${inject('workerdSendgridUrl')}/__requests`)).json()) as {
      authorization: string;
      body: {
        personalizations: {
          to: { email: string }[];
          subject: string;
          custom_args: Record<string, string>;
          substitutions: Record<string, string>;
        }[];
      };
    }[];
    expect(requests).toHaveLength(1);
    expect(requests[0]?.authorization).toBe('Bearer SG.workerd-key-0123456789');
    expect(requests[0]?.body.personalizations).toMatchObject([
      { to: [{ email: 'edge@example.com' }], subject: 'Sent by the cron trigger' },
    ]);
    const campaign = await SELF.fetch(`https://kaifu.test/v1/campaigns/${inject('workerdDueCampaignId')}`, {
      headers: { Authorization: `Bearer ${inject('workerdAdminKey')}` },
    });
    expect(await campaign.json()).toMatchObject({ messages: { sent: 1 }, progress: { sent: 1, pending: 0 } });

    // The reader opens and clicks: the Worker records both (after the response, through waitUntil).
    const urls = requests[0]?.body.personalizations[0]?.substitutions ?? {};
    const pixel = urls['{{kf_open}}'] ?? '';
    const click = urls['{{kf_c0}}'] ?? '';
    const agent = { 'User-Agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 15_1) AppleWebKit/605.1.15' };
    const opened = await SELF.fetch(pixel, { headers: { ...agent, 'CF-Connecting-IP': '198.51.100.7' } });
    expect(opened.headers.get('content-type')).toBe('image/gif');
    await opened.arrayBuffer();
    const clicked = await SELF.fetch(click, { headers: agent, redirect: 'manual' });
    expect(clicked.status).toBe(302);
    expect(clicked.headers.get('location')).toBe('https://workerd.example/read');

    // SendGrid reports the delivery, signed.
    const { body, headers, messageId } = inject('workerdDueWebhook');
    const posted = await SELF.fetch(`https://kaifu.test/webhooks/sendgrid/${inject('workerdWorkspaceId')}`, {
      method: 'POST',
      headers,
      body,
    });
    expect(posted.status, await posted.clone().text()).toBe(200);

    const { db } = connectPostgres(inject('workerdDatabaseUrl'), { max: 1 });
    let rows: { type: string; classification: string | null; ip: string | null }[] = [];
    for (let i = 0; i < 50 && rows.length < 3; i++) {
      rows = await queryRows(
        db,
        sql`select type, classification, ip from events where message_id = ${messageId} order by type`,
      );
      if (rows.length < 3) await new Promise((r) => setTimeout(r, 100));
    }
    expect(rows).toEqual([
      { type: 'click', classification: 'human', ip: null },
      { type: 'delivered', classification: null, ip: null },
      { type: 'open', classification: 'human', ip: '198.51.100.7' },
    ]);
    const [message] = await queryRows<{ first_human_open_at: string | null; click_count: number }>(
      db,
      sql`select first_human_open_at, click_count from messages where id = ${messageId}`,
    );
    expect(message?.first_human_open_at).not.toBeNull();
    expect(message?.click_count).toBe(1);
  });
});

/** What the fake SendGrid was asked to send (the cron test's campaign), personalization by personalization. */
async function sentPersonalizations() {
  const requests = (await (await fetch(`${inject('workerdSendgridUrl')}/__requests`)).json()) as {
    body: { personalizations: { headers: Record<string, string>; substitutions: Record<string, string> }[] };
  }[];
  return requests.flatMap((r) => r.body.personalizations);
}

const adminHeaders = () => ({ Authorization: `Bearer ${inject('workerdAdminKey')}` });

describe('what recipients and leads reach in workerd (after the cron test sent its mail)', () => {
  it('reads an analysis endpoint: the cron campaign’s human open, counted', async () => {
    const campaignId = inject('workerdDueCampaignId');
    const res = await SELF.fetch(
      `https://kaifu.test/v1/analysis/open-rates?dimension=campaign&campaignId=${campaignId}`,
      { headers: adminHeaders() },
    );
    const body = await res.text();
    expect(res.status, body).toBe(200);
    expect(JSON.parse(body).cells).toMatchObject([{ sends: 1, humanOpens: 1, humanClicks: 1 }]);
  });

  it('signs a lead into the dashboard and shows its overview', async () => {
    const bare = await SELF.fetch('https://kaifu.test/dashboard', { redirect: 'manual' });
    expect(bare.status).toBe(303);
    const signIn = await SELF.fetch('https://kaifu.test/dashboard/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: inject('workerdAdminKey') }).toString(),
      redirect: 'manual',
    });
    expect(signIn.status, await signIn.clone().text()).toBe(303);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^kaifu_session=/);
    const overview = await SELF.fetch(`https://kaifu.test${signIn.headers.get('location')}`, {
      headers: { Cookie: cookie },
    });
    const html = await overview.text();
    expect(overview.status, html).toBe(200);
    expect(html).toMatch(/<h1>/);
    expect(html).toContain('aria-current="page"');
  });

  it('unsubscribes a recipient by RFC 8058 one-click; the page alone changes nothing', async () => {
    const [sent] = await sentPersonalizations();
    const url = /^<(.+)>$/.exec(sent?.headers['List-Unsubscribe'] ?? '')?.[1] ?? '';
    expect(url).toMatch(/^https:\/\/kaifu\.test\/u\//);
    const { db } = connectPostgres(inject('workerdDatabaseUrl'), { max: 1 });
    const status = async () =>
      (
        await queryRows<{ status: string }>(
          db,
          sql`select status from contacts where email = 'edge@example.com'`,
        )
      )[0]?.status;
    const page = await SELF.fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    expect(await status()).toBe('active');
    const posted = await SELF.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(posted.status, await posted.clone().text()).toBe(200);
    expect(await status()).toBe('unsubscribed');
  });
});

describe('the Worker’s counters, as Analytics Engine data points', () => {
  it('writes one point per request (and its duration), per stored hit and per webhook event type', async () => {
    const points: { indexes?: string[]; blobs?: string[]; doubles?: number[] }[] = [];
    const metered = {
      ...(env as unknown as WorkerEnv),
      KAIFU_METRICS: { writeDataPoint: (p: (typeof points)[number]) => void points.push(p) },
    } as unknown as WorkerEnv;
    const request = (url: string, init?: RequestInit) =>
      new Request(url, init) as Parameters<typeof worker.fetch>[0];
    const [sent] = await sentPersonalizations();
    const { body, headers } = inject('workerdWebhook');
    const ctx = createExecutionContext();
    const read = await worker.fetch(
      request('https://kaifu.test/v1/workspace', { headers: adminHeaders() }),
      metered,
      ctx,
    );
    expect(read.status).toBe(200);
    const posted = await worker.fetch(
      request(`https://kaifu.test/webhooks/sendgrid/${inject('workerdWorkspaceId')}`, {
        method: 'POST',
        headers,
        body,
      }),
      metered,
      ctx,
    );
    expect(posted.status).toBe(200);
    const opened = await worker.fetch(request(sent?.substitutions['{{kf_open}}'] ?? ''), metered, ctx);
    await opened.arrayBuffer();
    await waitOnExecutionContext(ctx);
    const named = (name: string) => points.filter((p) => p.indexes?.[0] === name);
    expect(named('kaifu_http_requests_total')).toEqual(
      expect.arrayContaining([
        {
          indexes: ['kaifu_http_requests_total'],
          blobs: ['kaifu_http_requests_total', '/v1/workspace', '200'],
          doubles: [1],
        },
      ]),
    );
    const durations = named('kaifu_http_request_duration_seconds');
    expect(durations.map((p) => p.blobs?.[1])).toContain('/v1/workspace');
    expect(durations.every((p) => (p.doubles?.[0] ?? -1) >= 0)).toBe(true);
    expect(named('kaifu_webhook_events_total').map((p) => [p.blobs?.[1], p.doubles?.[0]])).toEqual([
      ['delivered', 1],
    ]);
    expect(named('kaifu_hits_stored_total').map((p) => p.doubles?.[0])).toEqual([1]);
    // The pixel is not a counted request: its path stays bare.
    expect(named('kaifu_http_requests_total').map((p) => p.blobs?.[1])).not.toContain('/t/o/:token');
  });
});

describe('a Worker whose database hangs (accepts connections, never answers)', () => {
  it('answers the API, /healthz and the webhook 503 JSON with Retry-After, and the pixel its GIF', async () => {
    const bindings = env as unknown as WorkerEnv & { HYPERDRIVE_HUNG: Hyperdrive };
    const hung = {
      ...bindings,
      HYPERDRIVE: bindings.HYPERDRIVE_HUNG,
      HYPERDRIVE_CACHED: bindings.HYPERDRIVE_HUNG,
    };
    const request = (url: string, init?: RequestInit) =>
      new Request(url, init) as Parameters<typeof worker.fetch>[0];
    const [sent] = await sentPersonalizations();
    const { body, headers } = inject('workerdWebhook');
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => void errors.push(line);
    try {
      const ctx = createExecutionContext();
      const [api, health, webhook] = await Promise.all([
        worker.fetch(request('https://kaifu.test/v1/workspace', { headers: adminHeaders() }), hung, ctx),
        worker.fetch(request('https://kaifu.test/healthz'), hung, ctx),
        worker.fetch(
          request(`https://kaifu.test/webhooks/sendgrid/${inject('workerdWorkspaceId')}`, {
            method: 'POST',
            headers,
            body,
          }),
          hung,
          ctx,
        ),
      ]);
      for (const [name, res] of [
        ['api', api],
        ['healthz', health],
        ['webhook', webhook], // not 2xx: SendGrid retries the batch
      ] as const) {
        const text = await res.text();
        expect(res.status, `${name}: ${text}`).toBe(503);
        expect(res.headers.get('content-type'), name).toContain('application/json');
        expect(res.headers.get('retry-after'), name).toBeTruthy();
        expect(JSON.parse(text), name).toMatchObject({ error: { code: 'unavailable' } });
      }
      // The pixel answers its GIF; storing the hit, after the response, fails and is logged, not thrown.
      const opened = await worker.fetch(request(sent?.substitutions['{{kf_open}}'] ?? ''), hung, ctx);
      expect(opened.status).toBe(200);
      expect(opened.headers.get('content-type')).toBe('image/gif');
      await waitOnExecutionContext(ctx);
    } finally {
      console.error = original;
    }
    expect(errors.join('\n')).toContain('storing a tracking hit failed');
  });
});

describe('a Worker deployed without its settings', () => {
  it('answers pixels with the GIF, everything else 500 JSON, and logs the missing setting once', async () => {
    const {
      KAIFU_SECRET: _secret,
      KAIFU_PUBLIC_URL: _url,
      ...bindings
    } = env as unknown as Record<string, unknown>;
    const broken = bindings as unknown as WorkerEnv;
    const request = (url: string, init?: RequestInit) =>
      new Request(url, init) as Parameters<typeof worker.fetch>[0];
    const errors: string[] = [];
    const original = console.error;
    console.error = (line: string) => void errors.push(line);
    try {
      const ctx = createExecutionContext();
      const pixel = await worker.fetch(request('https://kaifu.test/t/o/anything'), broken, ctx);
      expect(pixel.status).toBe(200);
      expect(pixel.headers.get('content-type')).toBe('image/gif');
      const api = await worker.fetch(request('https://kaifu.test/v1/workspace'), broken, ctx);
      expect(api.status).toBe(500);
      expect(await api.json()).toMatchObject({ error: { code: 'internal' } });
      const unsubscribe = await worker.fetch(
        request('https://kaifu.test/u/anything', { method: 'POST' }),
        broken,
        ctx,
      );
      expect(unsubscribe.status).toBe(500); // not 2xx: the mailbox provider retries
      await waitOnExecutionContext(ctx);
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/KAIFU_SECRET/);
  });
});
