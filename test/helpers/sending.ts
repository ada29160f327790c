import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { messages } from '../../src/db/schema/index.js';
import type { Deps } from '../../src/deps.js';
import { createSendgridMailer } from '../../src/mail/sendgrid-mailer.js';
import { route as createCampaign } from '../../src/routes/campaigns/create.js';
import { runDueWork } from '../../src/services/due-work.js';
import { receivedHit } from '../../src/services/tracking/hit.js';
import { storeHits } from '../../src/services/tracking/record-hits.js';
import type { CreatedWorkspace } from '../../src/services/workspaces/create-workspace.js';
import { campaignBody, importContacts, makeList, setSender } from './audience.js';
import { bodyOf } from './bodies.js';
import type { FakeSendgrid } from './fake-sendgrid.js';
import { show, type TestContext } from './test-app.js';

export const withFake = (ctx: TestContext, fake: FakeSendgrid, timeoutMs = 1500): Deps =>
  ctx.makeDeps({ mailer: createSendgridMailer({ baseUrl: fake.baseUrl, timeoutMs }) });

export async function setSendgridKey(ctx: TestContext, workspace: CreatedWorkspace, webhookKeys?: string[]) {
  const res = await ctx.request('/v1/workspace/sendgrid', {
    method: 'PUT',
    key: workspace.adminKey,
    json: { apiKey: 'SG.test-key-0123456789', ...(webhookKeys ? { webhookPublicKeys: webhookKeys } : {}) },
  });
  expect(res.status, await show(res)).toBe(200);
}

/** A one-variant campaign (unless overridden) scheduled one minute from the test clock's now, to `n` new contacts. */
export async function scheduledCampaign(
  ctx: TestContext,
  workspace: CreatedWorkspace,
  n: number,
  label: string,
  overrides: Record<string, unknown> = {},
  /** Per contact, fields that replace the defaults (timezone, leadSource, …). */
  contactFields: (i: number) => Record<string, unknown> = () => ({}),
) {
  await setSender(ctx, workspace);
  const rows = Array.from({ length: n }, (_, i) => ({
    email: `${label}-${i}@example.com`,
    name: i === 0 ? 'Tom <b>&</b> "Jerry"' : `Lead ${i}`,
    company: `Company ${i}`,
    timezone: 'Asia/Tokyo',
    attributes: { plan: i % 2 ? 'pro' : 'free' },
    ...contactFields(i),
  }));
  const ids = new Map<string, string>();
  for (let i = 0; i < rows.length; i += 10_000) {
    const part = await importContacts(ctx, rows.slice(i, i + 10_000), workspace);
    for (const [k, v] of part) ids.set(k, v);
  }
  const listId = await makeList(ctx, `${label} list`, [...ids.values()], workspace);
  const created = await ctx.request('/v1/campaigns', {
    method: 'POST',
    key: workspace.adminKey,
    json: campaignBody(listId, {
      name: label,
      variants: [{ subject: 'Hello {{name|there}}' }],
      ...overrides,
    }),
  });
  expect(created.status, await show(created)).toBe(201);
  const campaign = await bodyOf(created, createCampaign, 201);
  const at = new Date(ctx.clock.now().getTime() + 60_000).toISOString();
  const scheduled = await ctx.request(`/v1/campaigns/${campaign.id}/schedule`, {
    method: 'POST',
    key: workspace.adminKey,
    json: { schedule: { type: 'at', at } },
  });
  expect(scheduled.status, await show(scheduled)).toBe(200);
  return { campaignId: campaign.id, variantIds: campaign.variants.map((v) => v.id), contactIds: ids };
}

export const statusCounts = async (ctx: TestContext, campaignId: string) => {
  const rows = await ctx.db.handle.db.select().from(messages).where(eq(messages.campaignId, campaignId));
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return { counts, rows };
};

/** Runs the due-work loop, moving the test clock a minute at a time, until nothing is left to send. */
export async function drain(ctx: TestContext, deps: Deps, campaignId: string, maxTicks = 60) {
  for (let tick = 0; tick < maxTicks; tick++) {
    ctx.clock.advance(60_000);
    await runDueWork({ deps, now: ctx.clock.now() });
    const { counts } = await statusCounts(ctx, campaignId);
    if (!counts.scheduled && !counts.sending && !counts.uncertain) return tick + 1;
  }
  throw new Error('still sending after the allowed ticks');
}

/** A person's pixel opens (iPhone Mail, from outside Apple's ranges) of the given messages, stored at once. */
export async function personOpens(ctx: TestContext, messageIds: string[], at: Date): Promise<void> {
  await storeHits({
    deps: ctx.deps,
    hits: messageIds.map((messageId) =>
      receivedHit({
        workspaceId: ctx.a.workspaceId,
        messageId,
        kind: 'open' as const,
        link: null,
        at,
        ip: '198.51.100.8',
        userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15',
      }),
    ),
  });
}
