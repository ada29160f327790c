import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { messages } from '../../src/db/schema/index.js';
import { route as createCampaign } from '../../src/routes/campaigns/create.js';
import type { CreatedWorkspace } from '../../src/services/workspaces/create-workspace.js';
import { campaignBody, importContacts, makeList, setSender } from './audience.js';
import { bodyOf } from './bodies.js';
import { show, type TestContext } from './test-app.js';

/**
 * A campaign scheduled through the API to `n` fresh contacts, its messages then marked as sent (the dispatcher
 * comes with "Sending"): what webhook and tracking tests need.
 */
export async function sentCampaign(ctx: TestContext, workspace: CreatedWorkspace, n: number, label: string) {
  await setSender(ctx, workspace);
  const emails = Array.from({ length: n }, (_, i) => ({
    email: `${label}-${i}@example.com`,
    timezone: 'Asia/Tokyo',
  }));
  const ids = await importContacts(ctx, emails, workspace);
  const listId = await makeList(ctx, `${label} list`, [...ids.values()], workspace);
  const created = await ctx.request('/v1/campaigns', {
    method: 'POST',
    key: workspace.adminKey,
    json: campaignBody(listId, { name: label }),
  });
  const campaign = await bodyOf(created, createCampaign, 201);
  const at = new Date(ctx.clock.now().getTime() + 60_000).toISOString();
  const scheduled = await ctx.request(`/v1/campaigns/${campaign.id}/schedule`, {
    method: 'POST',
    key: workspace.adminKey,
    json: { schedule: { type: 'at', at } },
  });
  expect(scheduled.status, await show(scheduled)).toBe(200);
  const sentAt = ctx.clock.now();
  await ctx.db.handle.db
    .update(messages)
    .set({ status: 'sent', sentAt, localWeekday: 4, localHour: 18 })
    .where(eq(messages.campaignId, campaign.id));
  const rows = await ctx.db.handle.db.select().from(messages).where(eq(messages.campaignId, campaign.id));
  return { campaignId: campaign.id, messages: rows, contactIds: ids };
}
