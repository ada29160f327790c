import type { Db } from '../../db/client.js';
import { insertApiKey } from '../../db/queries/keys.js';
import { anyWorkspaceExists, insertWorkspaceRow, lockFirstWorkspace } from '../../db/queries/workspaces.js';
import { base64url, randomBytes, sealText } from '../../lib/crypto.js';
import { uuidv7 } from '../../lib/ids.js';
import { recordAudit } from '../audit/record-audit.js';
import { displayPrefix, generateApiKey, hashApiKey } from '../keys/key-material.js';
import { assertVerificationKeys } from '../sendgrid/settings.js';

export interface CreatedWorkspace {
  workspaceId: string;
  adminKeyId: string;
  /** Plaintext admin key: shown to the operator once, stored only as a hash. */
  adminKey: string;
}

/** Creates a workspace with its first admin key (the operator's verb: CLI and first start). */
export async function createWorkspace({
  db,
  input,
}: {
  db: Db;
  input: { name: string; defaultTimezone?: string; adminKey?: string | undefined; now: Date };
}): Promise<CreatedWorkspace> {
  return db.transaction((tx) => insertWorkspace(tx, input));
}

/**
 * On first start or migrate with no workspace, creates one whose admin key is `adminKey` (KAIFU_ADMIN_KEY) or,
 * when that is unset, a generated one. Returns null when a workspace already exists. Safe when two copies
 * start at once: the check and the insert run under one advisory lock.
 */
export async function ensureFirstWorkspace({
  db,
  input,
}: {
  db: Db;
  input: { adminKey?: string | undefined; now: Date; sendgrid?: SendgridSeed };
}): Promise<CreatedWorkspace | null> {
  return db.transaction(async (tx) => {
    await lockFirstWorkspace(tx);
    if (await anyWorkspaceExists(tx)) return null;
    return insertWorkspace(tx, { name: 'Default', ...input });
  });
}

/** SENDGRID_API_KEY and SENDGRID_WEBHOOK_PUBLIC_KEY, which only the first workspace takes. */
export interface SendgridSeed {
  secret: string;
  apiKey: string | undefined;
  webhookPublicKey: string | undefined;
}

async function insertWorkspace(
  tx: Db,
  input: {
    name: string;
    defaultTimezone?: string;
    adminKey?: string | undefined;
    now: Date;
    sendgrid?: SendgridSeed;
  },
): Promise<CreatedWorkspace> {
  const seed = input.sendgrid;
  if (seed?.webhookPublicKey) await assertVerificationKeys([seed.webhookPublicKey]);
  const workspaceId = uuidv7(input.now.getTime());
  const adminKeyId = uuidv7(input.now.getTime());
  const adminKey = input.adminKey ?? generateApiKey();
  await insertWorkspaceRow(tx, {
    id: workspaceId,
    name: input.name,
    defaultTimezone: input.defaultTimezone ?? 'UTC',
    emailHashSalt: base64url(randomBytes(16)),
    sendgridApiKeyEncrypted: seed?.apiKey ? await sealText(seed.secret, 'credentials', seed.apiKey) : null,
    sendgridWebhookKeys: seed?.webhookPublicKey ? [seed.webhookPublicKey] : [],
    createdAt: input.now,
    updatedAt: input.now,
  });
  await insertApiKey(tx, {
    workspaceId,
    id: adminKeyId,
    name: 'Initial admin key',
    role: 'admin',
    keyHash: await hashApiKey(adminKey),
    prefix: displayPrefix(adminKey),
    createdAt: input.now,
  });
  await recordAudit({
    db: tx,
    entry: {
      workspaceId,
      actorKeyId: null,
      action: 'workspace.created',
      targetType: 'workspace',
      targetId: workspaceId,
      details: { name: input.name, adminKeyId },
      at: input.now,
    },
  });
  return { workspaceId, adminKeyId, adminKey };
}
