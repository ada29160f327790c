import type { Db } from '../../db/client.js';
import {
  countCampaignVariants,
  insertCampaign,
  replaceCampaignVariants,
  updateCampaignRow,
} from '../../db/queries/campaigns.js';
import type { Deps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { base64url, randomBytes } from '../../lib/crypto.js';
import { uuidv7 } from '../../lib/ids.js';
import type { Actor } from '../actor.js';
import { listExists } from '../lists/lists.js';
import type { CampaignInput, CampaignPatch } from './campaign-input.js';
import { lockCampaign } from './lock-campaign.js';
import { getCampaign } from './read-campaigns.js';

async function requireList(db: Db, workspaceId: string, listId: string) {
  if (!(await listExists({ db, workspaceId, listId }))) {
    throw new ApiError('unprocessable', 'listId names no list in this workspace', [
      { path: 'listId', message: 'no such list' },
    ]);
  }
}

async function replaceVariants(
  db: Db,
  workspaceId: string,
  campaignId: string,
  input: CampaignInput['variants'],
  now: Date,
) {
  await replaceCampaignVariants(
    db,
    workspaceId,
    campaignId,
    input.map((v, position) => ({
      workspaceId,
      id: uuidv7(now.getTime()),
      campaignId,
      position,
      subject: v.subject,
      preheader: v.preheader ?? null,
    })),
  );
}

/** A new draft campaign. The first variant is the control in every comparison. */
export async function createCampaign({
  deps,
  actor,
  input,
}: {
  deps: Deps;
  actor: Actor;
  input: CampaignInput;
}) {
  const now = deps.clock.now();
  const { workspaceId } = actor;
  await requireList(deps.db, workspaceId, input.listId);
  const id = uuidv7(now.getTime());
  await deps.db.transaction(async (tx) => {
    await insertCampaign(tx, {
      workspaceId,
      id,
      name: input.name,
      listId: input.listId,
      status: 'draft',
      fromEmail: input.from.email,
      fromName: input.from.name,
      replyTo: input.replyTo ?? null,
      html: input.html,
      text: input.text ?? null,
      schedule: input.schedule ?? null,
      test: input.test ?? null,
      sendingWindow: input.sendingWindow ?? null,
      sendTime: input.sendTime ?? null,
      seed: base64url(randomBytes(16)),
      createdAt: now,
      updatedAt: now,
    });
    await replaceVariants(tx, workspaceId, id, input.variants, now);
  });
  return getCampaign({ deps, workspaceId, campaignId: id });
}

/** Changes a draft; a campaign that is scheduled, sending, sent or cancelled is no longer editable. */
export async function updateCampaign({
  deps,
  actor,
  campaignId,
  patch,
}: {
  deps: Deps;
  actor: Actor;
  campaignId: string;
  patch: CampaignPatch;
}) {
  const now = deps.clock.now();
  const { workspaceId } = actor;
  if (patch.listId) await requireList(deps.db, workspaceId, patch.listId);
  await deps.db.transaction(async (tx) => {
    const row = await lockCampaign({ tx, workspaceId, campaignId, draftFor: 'changed' });
    const variantCount = patch.variants?.length ?? (await countCampaignVariants(tx, workspaceId, campaignId));
    const test = patch.test === undefined ? row.test : patch.test;
    if (test && variantCount < 2) {
      throw new ApiError('validation_failed', 'an A/B test needs at least two variants', [
        { path: 'test', message: 'an A/B test needs at least two variants' },
      ]);
    }
    await updateCampaignRow(tx, workspaceId, campaignId, {
      ...(patch.name !== undefined && { name: patch.name }),
      ...(patch.listId !== undefined && { listId: patch.listId }),
      ...(patch.from !== undefined && { fromEmail: patch.from.email, fromName: patch.from.name }),
      ...(patch.replyTo !== undefined && { replyTo: patch.replyTo }),
      ...(patch.html !== undefined && { html: patch.html }),
      ...(patch.text !== undefined && { text: patch.text }),
      ...(patch.schedule !== undefined && { schedule: patch.schedule }),
      ...(patch.test !== undefined && { test: patch.test }),
      ...(patch.sendingWindow !== undefined && { sendingWindow: patch.sendingWindow }),
      ...(patch.sendTime !== undefined && { sendTime: patch.sendTime }),
      updatedAt: now,
    });
    if (patch.variants) await replaceVariants(tx, workspaceId, campaignId, patch.variants, now);
  });
  return getCampaign({ deps, workspaceId, campaignId });
}
