import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { BACKENDS, show, useTestContext } from '../helpers/test-app.js';

describe.each(BACKENDS)('per-key rate limit on %s', (backend) => {
  const ctx = useTestContext(backend, { rateLimitPerMinute: 5 });

  it('is shared by two app instances and answers 429 with Retry-After, then lets the next minute in', async () => {
    const other = createApp(ctx.makeDeps({ db: ctx.db.openSecond().db }));
    const key = await ctx.keyFor(ctx.a, 'reader');
    const get = (app: ReturnType<typeof createApp>) =>
      app.request('/v1/workspace', { headers: { Authorization: `Bearer ${key}` } });
    ctx.clock.advance(60_000 - (ctx.clock.now().getTime() % 60_000) + 10_000); // 10 s into a fresh minute
    const answers = [];
    for (const app of [ctx.app, other, ctx.app, other, ctx.app]) answers.push(await get(app));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers[4]?.headers.get('ratelimit-remaining')).toBe('0');

    const limited = await get(other);
    expect(limited.status, await show(limited)).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('50');
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limited' } });

    // Another key in the same workspace has its own budget.
    const otherKey = await ctx.keyFor(ctx.a, 'analyst');
    expect(
      (await ctx.app.request('/v1/workspace', { headers: { Authorization: `Bearer ${otherKey}` } })).status,
    ).toBe(200);

    ctx.clock.advance(50_000);
    expect((await get(ctx.app)).status).toBe(200);
  });
});
