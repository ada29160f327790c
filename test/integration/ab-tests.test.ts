import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, contacts, messages } from '../../src/db/schema/index.js';
import { localParts } from '../../src/lib/time-zones.js';
import { route as getCampaign } from '../../src/routes/campaigns/get.js';
import { route as campaignReport } from '../../src/routes/campaigns/report.js';
import { runDueWork } from '../../src/services/due-work.js';
import { detectableRate } from '../../src/stats/index.js';
import { bodyOf } from '../helpers/bodies.js';
import { personOpens, scheduledCampaign } from '../helpers/sending.js';
import { BACKENDS, show, useTestContext } from '../helpers/test-app.js';

describe.each(BACKENDS)('A/B tests from scheduling to the winner’s release on %s', (backend) => {
  const ctx = useTestContext(backend);

  /** 100 recipients, half tested (25 per variant), half held; the test sends go out. */
  async function testedCampaign(
    label: string,
    test: Record<string, unknown>,
    beforeSend?: (ids: string[]) => Promise<void>,
  ) {
    const { campaignId, variantIds } = await scheduledCampaign(
      ctx,
      ctx.a,
      100,
      label,
      { variants: [{ subject: 'A' }, { subject: 'B' }], test: { share: 0.5, waitHours: 4, ...test } },
      (i) => ({ timezone: i % 2 ? 'Asia/Tokyo' : 'America/New_York' }),
    );
    await beforeSend?.(variantIds);
    ctx.clock.advance(2 * 60_000);
    await runDueWork({ deps: ctx.deps, now: ctx.clock.now() });
    const rows = await ctx.db.handle.db.select().from(messages).where(eq(messages.campaignId, campaignId));
    return { campaignId, variantIds, rows };
  }

  /** Human opens for the first `n` sent messages of a variant. */
  async function openFirst(rows: (typeof messages.$inferSelect)[], variantId: string, n: number) {
    const sent = rows.filter((m) => m.variantId === variantId && m.status === 'sent').slice(0, n);
    await personOpens(
      ctx,
      sent.map((m) => m.id),
      ctx.clock.now(),
    );
  }

  const decisionOf = async (campaignId: string) => {
    const res = await ctx.request(`/v1/campaigns/${campaignId}/report`, { key: ctx.a.adminKey });
    expect(res.status, await show(res)).toBe(200);
    return (await bodyOf(res, campaignReport)).decision;
  };

  it('a clear win with enough data: decided once, after the wait, held recipients get the winner at their local time', async () => {
    const { campaignId, variantIds, rows } = await testedCampaign('win', { minPerVariant: 20 });
    const [a, b] = variantIds as [string, string];
    expect(rows.filter((m) => m.status === 'held')).toHaveLength(50);
    expect(rows.filter((m) => m.status === 'sent')).toHaveLength(50);
    ctx.clock.advance(3_600_000);
    await openFirst(rows, b, 20);
    await openFirst(rows, a, 2);

    ctx.clock.advance(2 * 3_600_000); // 3 h since the sends: still waiting
    expect((await runDueWork({ deps: ctx.deps, now: ctx.clock.now() })).testsDecided).toBe(0);
    expect(await decisionOf(campaignId)).toBeNull();

    ctx.clock.advance(2 * 3_600_000);
    const report = await runDueWork({ deps: ctx.deps, now: ctx.clock.now() });
    expect(report.testsDecided).toBe(1);
    const decision = await decisionOf(campaignId);
    expect(decision).toMatchObject({
      winnerLabel: 'B',
      winnerVariantId: b,
      reason: 'winner',
      fallback: null,
    });
    const evidence = decision?.evidence as { variants: { probabilityToBeBest: number }[] } | undefined;
    expect(evidence?.variants[1]?.probabilityToBeBest).toBeGreaterThan(0.95);

    const released = await ctx.db.handle.db
      .select()
      .from(messages)
      .where(and(eq(messages.campaignId, campaignId), inArray(messages.status, ['scheduled', 'held'])));
    expect(released).toHaveLength(50);
    for (const m of released) {
      expect(m.status).toBe('scheduled');
      expect(m.variantId).toBe(b);
      const original = rows.find((r) => r.id === m.id);
      // The same local time of day as planned, on a later day, and not in the past.
      const [was, now] = [
        localParts(original?.scheduledAt ?? new Date(0), m.timezone),
        localParts(m.dueAt, m.timezone),
      ];
      expect([now.hour, now.minute]).toEqual([was.hour, was.minute]);
      expect(m.dueAt.getTime()).toBeGreaterThanOrEqual(ctx.clock.now().getTime());
    }
    // Never decided twice.
    expect((await runDueWork({ deps: ctx.deps, now: ctx.clock.now() })).testsDecided).toBe(0);
    const audit = await ctx.db.handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, campaignId), eq(auditLog.action, 'campaign.test_decided')));
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ winner: 'B', reason: 'winner', released: 50 });

    // The released recipients go out with the winner.
    ctx.clock.advance(25 * 3_600_000);
    await runDueWork({ deps: ctx.deps, now: ctx.clock.now() });
    const after = await ctx.db.handle.db.select().from(messages).where(eq(messages.campaignId, campaignId));
    expect(after.filter((m) => m.status === 'sent')).toHaveLength(100);
    expect(after.filter((m) => m.variantId === b)).toHaveLength(75);
    // 25 : 75 by design once the winner has its remainder: the report's split check is the test's, taken on
    // the test sends, not a mismatch over every send; and its thresholds are the test's own.
    const res = await ctx.request(`/v1/campaigns/${campaignId}/report`, { key: ctx.a.adminKey });
    const full = await bodyOf(res, campaignReport);
    expect(full.srm).toEqual(decision?.evidence.srm);
    expect(full.srm?.mismatch).toBe(false);
    expect(full.notes.join(' ')).not.toMatch(/mismatch|did not fit/i);
  });

  it('scheduling a test answers what it can find, and warns when it cannot reach minPerVariant', async () => {
    const { campaignId } = await testedCampaign('planned', { minPerVariant: 100 });
    const res = await ctx.request(`/v1/campaigns/${campaignId}`, { key: ctx.a.adminKey });
    const plan = (await bodyOf(res, getCampaign)).scheduleSummary?.test;
    expect(plan).toMatchObject({ perVariant: 25, heldForWinner: 50, minPerVariant: 100 });
    expect(plan?.reachesMinPerVariant).toBe(false);
    // 100 recipients can never give two variants 100 test sends each.
    expect(plan?.shareNeeded).toBeNull();
    expect(plan?.notes[0]).toMatch(
      /about 25 test sends, fewer than minPerVariant 100: the test will end in its fallback/,
    );
    // The detectable rate is the planner's own, at the level a 95% probability to be best implies.
    expect(plan?.alpha).toBeCloseTo(0.1, 12);
    const expected = detectableRate({
      baseline: plan?.baselineRate ?? 0,
      perVariant: 25,
      alpha: 0.1,
      power: 0.8,
    });
    expect(plan?.detectableRate).toBeCloseTo(expected ?? Number.NaN, 12);
    expect(plan?.detectableLift).toBeGreaterThan(0.2);
    expect(plan?.notes[1]).toMatch(/with 80% power/);

    const { campaignId: big } = await testedCampaign('planned-enough', { minPerVariant: 20 });
    const fine = (
      await bodyOf(await ctx.request(`/v1/campaigns/${big}`, { key: ctx.a.adminKey }), getCampaign)
    ).scheduleSummary?.test;
    expect(fine).toMatchObject({ perVariant: 25, reachesMinPerVariant: true, shareNeeded: 0.4 });
    expect(fine?.notes).toHaveLength(1);
  });

  it('too little data: the fallback decides (control here), and says why', async () => {
    const { campaignId, variantIds, rows } = await testedCampaign('thin', {
      minPerVariant: 100,
      fallback: 'control',
    });
    await openFirst(rows, variantIds[1] ?? '', 20);
    ctx.clock.advance(5 * 3_600_000);
    await runDueWork({ deps: ctx.deps, now: ctx.clock.now() });
    expect(await decisionOf(campaignId)).toMatchObject({
      winnerLabel: 'A',
      reason: 'fallback_insufficient',
      fallback: 'control',
      evidence: { sufficient: false },
    });
  });

  it('a broken split (SRM) is never declared a win, however large the effect', async () => {
    const { campaignId, variantIds, rows } = await testedCampaign(
      'srm',
      { minPerVariant: 5 },
      async ([, b]) => {
        // 20 of variant B's 25 test recipients unsubscribe before the send: the split is broken.
        const planned = await ctx.db.handle.db
          .select()
          .from(messages)
          .where(and(eq(messages.variantId, b ?? ''), eq(messages.status, 'scheduled')));
        await ctx.db.handle.db
          .update(contacts)
          .set({ status: 'unsubscribed' })
          .where(
            inArray(
              contacts.id,
              planned.slice(0, 20).map((m) => m.contactId),
            ),
          );
      },
    );
    expect(rows.filter((m) => m.variantId === variantIds[1] && m.status === 'sent')).toHaveLength(5);
    await openFirst(rows, variantIds[1] ?? '', 5);
    ctx.clock.advance(5 * 3_600_000);
    await runDueWork({ deps: ctx.deps, now: ctx.clock.now() });
    expect(await decisionOf(campaignId)).toMatchObject({
      winnerLabel: 'B',
      reason: 'fallback_srm',
      fallback: 'best',
      evidence: { srm: { mismatch: true }, sufficient: false },
    });
  });
});
