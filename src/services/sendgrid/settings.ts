import { workspaceWebhookKeys } from '../../db/queries/provider-events.js';
import type { workspaces } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { ApiError } from '../../errors.js';
import { sealText } from '../../lib/crypto.js';
import type { Actor } from '../actor.js';
import { changeWorkspace, sendgridSummary } from '../workspaces/workspace-settings.js';
import { importVerificationKey } from './webhook-signature.js';

export interface SendgridSettingsInput {
  /** Stored sealed with the credentials subkey of KAIFU_SECRET; null removes it (mail goes to the outbox). */
  apiKey?: string | null | undefined;
  /** One key, or two while SendGrid's verification key is being rotated. */
  webhookPublicKeys?: string[] | undefined;
  openTracking?: boolean | undefined;
}

export async function assertVerificationKeys(keys: string[]): Promise<void> {
  const bad = [];
  for (const [i, key] of keys.entries()) if (!(await importVerificationKey(key))) bad.push(i);
  if (bad.length > 0) {
    throw new ApiError(
      'validation_failed',
      'Each webhook key must be SendGrid’s verification key: a base64 DER P-256 public key',
      bad.map((i) => ({ path: `webhookPublicKeys.${i}`, message: 'not a P-256 public key' })),
    );
  }
}

function presentSendgrid(row: typeof workspaces.$inferSelect, publicUrl: string) {
  return { ...sendgridSummary(row), webhookUrl: `${publicUrl}/webhooks/sendgrid/${row.id}` };
}

/** Sets the workspace's SendGrid key, webhook verification keys and open tracking; the key is never returned. */
export async function updateSendgridSettings({
  deps,
  actor,
  input,
}: {
  deps: Deps;
  actor: Actor;
  input: SendgridSettingsInput;
}) {
  if (input.webhookPublicKeys) await assertVerificationKeys(input.webhookPublicKeys);
  const changes: Partial<typeof workspaces.$inferSelect> = {};
  if (input.apiKey !== undefined) {
    changes.sendgridApiKeyEncrypted =
      input.apiKey === null ? null : await sealText(deps.config.secret, 'credentials', input.apiKey);
  }
  if (input.webhookPublicKeys !== undefined)
    changes.sendgridWebhookKeys = input.webhookPublicKeys.map((k) => k.trim());
  if (input.openTracking !== undefined) changes.sendgridOpenTracking = input.openTracking;
  const row = await changeWorkspace({
    deps,
    actor,
    changes,
    audit: {
      action: 'sendgrid.updated',
      details: {
        apiKey: input.apiKey === undefined ? 'unchanged' : input.apiKey === null ? 'removed' : 'set',
        webhookKeys: input.webhookPublicKeys?.length ?? 'unchanged',
        openTracking: input.openTracking ?? 'unchanged',
      },
    },
  });
  return presentSendgrid(row, deps.config.publicUrl);
}

/** The verification keys a webhook post for this workspace must be signed with; none for an unknown workspace. */
export async function webhookKeysOf({
  deps,
  workspaceId,
}: {
  deps: Deps;
  workspaceId: string;
}): Promise<string[]> {
  return workspaceWebhookKeys(deps.db, workspaceId);
}
