import { findWorkspace, updateWorkspaceRow } from '../../db/queries/workspaces.js';
import type { workspaces } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { notFound } from '../../errors.js';
import type { Actor } from '../actor.js';
import { recordAudit } from '../audit/record-audit.js';
import type { WorkspaceSendTime } from '../send-times/workspace-send-time.js';

type WorkspaceRow = typeof workspaces.$inferSelect;

export interface WorkspaceUpdate {
  name?: string | undefined;
  defaultTimezone?: string | undefined;
  attributionDays?: number | undefined;
  kpiPriorStrength?: number | undefined;
  sendTime?: Partial<WorkspaceSendTime> | undefined;
  sender?: { name: string; email: string; postalAddress: string } | null | undefined;
}

/** What the API says of a workspace's SendGrid settings: never the key itself. */
export function sendgridSummary(row: WorkspaceRow) {
  return {
    configured: row.sendgridApiKeyEncrypted !== null,
    webhookKeys: row.sendgridWebhookKeys.length,
    openTracking: row.sendgridOpenTracking,
  };
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
    attributionDays: row.attributionDays,
    kpiPriorStrength: row.kpiPriorStrength,
    sendTime: row.sendTime,
    sender,
    sendgrid: sendgridSummary(row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export type WorkspaceView = ReturnType<typeof presentWorkspace>;

export async function getWorkspace({ deps, workspaceId }: { deps: Deps; workspaceId: string }) {
  const row = await findWorkspace(deps.db, workspaceId);
  if (!row) throw notFound('Workspace');
  return presentWorkspace(row);
}

/** Changes name, default time zone, attribution window, KPI prior strength or sender identity (needed before anything is sent). */
export async function updateWorkspace({
  deps,
  actor,
  input,
}: {
  deps: Deps;
  actor: Actor;
  input: WorkspaceUpdate;
}): Promise<WorkspaceView> {
  const changes: Partial<WorkspaceRow> = {};
  if (input.name !== undefined) changes.name = input.name;
  if (input.defaultTimezone !== undefined) changes.defaultTimezone = input.defaultTimezone;
  if (input.attributionDays !== undefined) changes.attributionDays = input.attributionDays;
  if (input.kpiPriorStrength !== undefined) changes.kpiPriorStrength = input.kpiPriorStrength;
  if (input.sendTime !== undefined) {
    const current = await getWorkspace({ deps, workspaceId: actor.workspaceId });
    changes.sendTime = { ...current.sendTime, ...definedFields(input.sendTime) };
  }
  if (input.sender !== undefined) {
    changes.senderName = input.sender?.name ?? null;
    changes.senderEmail = input.sender?.email ?? null;
    changes.senderPostalAddress = input.sender?.postalAddress ?? null;
  }
  const row = await changeWorkspace({
    deps,
    actor,
    changes,
    audit: {
      action: 'workspace.updated',
      details: { fields: Object.keys(input) },
    },
  });
  return presentWorkspace(row);
}

const definedFields = <T extends object>(o: T): Partial<T> =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Writes settings to the actor's workspace and audits the change in the same transaction. */
export async function changeWorkspace({
  deps,
  actor,
  changes,
  audit,
}: {
  deps: Deps;
  actor: Actor;
  changes: Partial<WorkspaceRow>;
  audit: { action: string; details: Record<string, unknown> };
}): Promise<WorkspaceRow> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const row = await updateWorkspaceRow(tx, actor.workspaceId, changes, now);
    if (!row) throw notFound('Workspace');
    await recordAudit({
      db: tx,
      entry: {
        workspaceId: actor.workspaceId,
        actorKeyId: actor.keyId,
        action: audit.action,
        targetType: 'workspace',
        targetId: actor.workspaceId,
        details: audit.details,
        requestId: actor.requestId,
        at: now,
      },
    });
    return row;
  });
}
