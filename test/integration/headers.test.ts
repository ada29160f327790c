import { Buffer } from 'node:buffer';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { route as compareVariants } from '../../src/routes/analysis/compare.js';
import { bodyOf } from '../helpers/bodies.js';
import { BACKENDS, show, testConfig, useTestContext } from '../helpers/test-app.js';
import { type Mail, trackedMails } from '../helpers/tracked-mail.js';

const HTML = '<p>{{name}}</p><a href="https://acme.example/offer">Offer</a>';

/** The CSP's directives by name. */
function cspOf(res: Response): Map<string, string[]> {
  const header = res.headers.get('content-security-policy') ?? '';
  return new Map(
    header
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name ?? '', values]),
  );
}

describe.each(BACKENDS)('security headers, sessions and languages on %s', (backend) => {
  const ctx = useTestContext(backend);
  let mail: Mail;
  let analystKey: string;
  beforeAll(async () => {
    [mail] = (await trackedMails(ctx, 1, 'headers', HTML)) as [Mail];
    analystKey = await ctx.keyFor(ctx.a, 'analyst');
  });

  const signIn = (app = ctx.app) =>
    app.request('/dashboard/sign-in', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: analystKey }).toString(),
    });

  /** A page must allow no script at all and its inline style only by this response's nonce. */
  async function expectLockedDown(res: Response, label: string) {
    const csp = cspOf(res);
    expect(csp.get('default-src'), label).toEqual(["'none'"]);
    expect(csp.has('script-src'), label).toBe(false);
    expect(csp.get('frame-ancestors'), label).toEqual(["'none'"]);
    expect(csp.get('base-uri'), label).toEqual(["'none'"]);
    const styleSrc = csp.get('style-src') ?? [];
    expect(styleSrc, label).toHaveLength(1);
    const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(styleSrc[0] ?? '')?.[1];
    expect(nonce, label).toBeTruthy();
    const html = await res.text();
    const styles = [...html.matchAll(/<style([^>]*)>/g)].map((m) => m[1]);
    expect(styles.length, label).toBeGreaterThan(0);
    for (const attributes of styles) expect(attributes, label).toContain(`nonce="${nonce}"`);
    expect(html, label).not.toMatch(/<script|\sstyle="|\son[a-z]+=/i);
    expect(res.headers.get('x-content-type-options'), label).toBe('nosniff');
    expect(res.headers.get('x-frame-options'), label).toBe('DENY');
    return nonce;
  }

  it('dashboard pages forbid scripts and framing, style only by nonce, a new nonce each time', async () => {
    const cookie = (await signIn()).headers.get('set-cookie')?.split(';')[0] ?? '';
    const nonces = new Set<string | undefined>();
    for (const path of [
      '/dashboard/sign-in',
      '/dashboard/overview',
      '/dashboard/heatmap',
      '/dashboard/kpi',
    ]) {
      const res = await ctx.request(path, { headers: { Cookie: cookie } });
      expect(res.status, `${path}: ${await show(res)}`).toBe(200);
      nonces.add(await expectLockedDown(res, path));
      expect(res.headers.get('strict-transport-security'), path).toBeNull();
      // Not no-referrer: under it browsers post the dashboard's own forms with Origin: null, refused as cross-site.
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
    }
    expect(nonces.size).toBe(4);
  });

  it('tracking pages too: the unsubscribe page and the invalid-link page; the pixel is nosniff', async () => {
    await expectLockedDown(await ctx.request(mail.open.replace('/t/o/', '/u/')), 'bad unsubscribe token');
    const bad = await ctx.request('/t/c/not-a-token');
    expect(bad.headers.get('referrer-policy')).toBe('no-referrer'); // tracking URLs carry tokens
    await expectLockedDown(bad, 'bad click');
    const pixel = await ctx.request(mail.open);
    expect(pixel.headers.get('x-content-type-options')).toBe('nosniff');
    expect(pixel.headers.get('content-type')).toBe('image/gif');
  });

  it('sends HSTS when the public URL is https, and only then', async () => {
    const app = createApp(ctx.makeDeps({ config: testConfig({ publicUrl: 'https://kaifu.example' }) }));
    for (const path of ['/dashboard/sign-in', '/t/c/not-a-token']) {
      const res = await app.request(path);
      expect(res.headers.get('strict-transport-security'), path).toMatch(/^max-age=\d{7,}/);
    }
  });

  it('keeps only session fields in the session cookie', async () => {
    const cookie = (await signIn()).headers.get('set-cookie') ?? '';
    const token = /kaifu_session=([^;]+)/.exec(cookie)?.[1] ?? '';
    const payload = JSON.parse(
      Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'),
    ) as object;
    expect(Object.keys(payload).sort()).toEqual(['expiresAt', 'keyId', 'nonce', 'role', 'workspaceId']);
  });

  it('honours Accept-Language q-values: fr,ja;q=0.8 is Japanese, ja;q=0.1,en English', async () => {
    const compare = (lang: string) =>
      ctx.request('/v1/analysis/compare', {
        method: 'POST',
        key: analystKey,
        headers: { 'Accept-Language': lang },
        json: {
          variants: [
            { label: 'A', sends: 1000, opens: 200 },
            { label: 'B', sends: 1000, opens: 260 },
          ],
        },
      });
    const japanese = /[\u3040-\u30ff]/;
    const notes = async (lang: string) =>
      (await bodyOf(await compare(lang), compareVariants)).notes.join(' ');
    expect(await notes('fr,ja;q=0.8')).toMatch(japanese);
    expect(await notes('ja-JP')).toMatch(japanese);
    expect(await notes('ja;q=0.1, en')).not.toMatch(japanese);
    expect(await notes('en-US,en;q=0.9,ja;q=0.8')).not.toMatch(japanese);
    const page = await ctx.request('/t/c/not-a-token', { headers: { 'Accept-Language': 'fr,ja;q=0.8' } });
    expect(await page.text()).toContain('lang="ja"');
    const dashboard = await ctx.request('/dashboard/sign-in', {
      headers: { 'Accept-Language': 'de, ja;q=0.5' },
    });
    expect(await dashboard.text()).toContain('lang="ja"');
  });
});
