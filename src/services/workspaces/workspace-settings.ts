import { eq } from 'drizzle-orm';
import { workspaces } from '../../db/schema';
import type { Deps } from '../../deps';
import { notFound } from '../../errors';
import type { Actor } from '../actor';
import { recordAudit } from '../audit/record-audit';

type WorkspaceRow = typeof workspaces.$inferSelect;

export interface WorkspaceUpdate {
  name?: string | undefined;
  defaultTimezone?: string | undefined;
  sender?: { name: string; email: string; postalAddress: string } | null | undefined;
}

function presentWorkspace(row: WorkspaceRow) {
  const sender =
    row.senderName && row.senderEmail && row.senderPostalAddress
      ? { name: row.senderName, email: row.senderEmail, postalAddress: row.senderPostalAddress }
      : null;
  return {
    id: row.id,
    name: row.name,
    defaultTimezone: row.defaultTimezone,
    sender,
    sendgrid: {
      configured: row.sendgridApiKeyEncrypted !== null,
      webhookKeys: row.sendgridWebhookKeys.length,
      openTracking: row.sendgridOpenTracking,
    },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type WorkspaceView = ReturnType<typeof presentWorkspace>;

export async function getWorkspace({ deps, workspaceId }: { deps: Deps; workspaceId: string }) {
  const [row] = await deps.db.select().from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!row) throw notFound('Workspace');
  return presentWorkspace(row);
}

/** Changes name, default time zone or sender identity (needed before anything can be sent). */
export async function updateWorkspace({
  deps,
  actor,
  input,
}: {
  deps: Deps;
  actor: Actor;
  input: WorkspaceUpdate;
}): Promise<WorkspaceView> {
  const now = deps.clock.now();
  const changes: Partial<WorkspaceRow> = { updatedAt: now };
  if (input.name !== undefined) changes.name = input.name;
  if (input.defaultTimezone !== undefined) changes.defaultTimezone = input.defaultTimezone;
  if (input.sender !== undefined) {
    changes.senderName = input.sender?.name ?? null;
    changes.senderEmail = input.sender?.email ?? null;
    changes.senderPostalAddress = input.sender?.postalAddress ?? null;
  }
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(workspaces)
      .set(changes)
      .where(eq(workspaces.id, actor.workspaceId))
      .returning();
    if (!row) throw notFound('Workspace');
    await recordAudit(tx, {
      workspaceId: actor.workspaceId,
      actorKeyId: actor.keyId,
      action: 'workspace.updated',
      targetType: 'workspace',
      targetId: actor.workspaceId,
      details: { fields: Object.keys(input).filter((k) => k in input) },
      requestId: actor.requestId,
      at: now,
    });
    return presentWorkspace(row);
  });
}
