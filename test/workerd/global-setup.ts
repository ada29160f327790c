import { createServer, type Socket } from 'node:net';
import { eq } from 'drizzle-orm';
import type { TestProject } from 'vitest/node';
import { withSecret } from '../../src/config.js';
import { connectPostgres } from '../../src/db/client.js';
import { migratePostgresUrl } from '../../src/db/migrate.js';
import { messages, workspaces } from '../../src/db/schema/index.js';
import type { Deps } from '../../src/deps.js';
import { createLogger } from '../../src/log.js';
import { createSendgridMailer } from '../../src/mail/sendgrid-mailer.js';
import { scheduleCampaign } from '../../src/services/campaigns/schedule-campaign.js';
import { createCampaign } from '../../src/services/campaigns/write-campaigns.js';
import { importContacts } from '../../src/services/contacts/import-contacts.js';
import { createList } from '../../src/services/lists/lists.js';
import { addListMembers } from '../../src/services/lists/members.js';
import { updateSendgridSettings } from '../../src/services/sendgrid/settings.js';
import { createWorkspace } from '../../src/services/workspaces/create-workspace.js';
import { updateWorkspace } from '../../src/services/workspaces/workspace-settings.js';
import { startFakeSendgrid } from '../helpers/fake-sendgrid.js';
import { createDatabase, dropDatabase } from '../helpers/postgres.js';
import { sgEvent, signBatch, webhookKeyPair } from '../helpers/sendgrid-webhook.js';
import { testConfig } from '../helpers/test-app.js';

declare module 'vitest' {
  export interface ProvidedContext {
    workerdDatabaseUrl: string;
    workerdAdminKey: string;
    workerdWorkspaceId: string;
    workerdWebhook: { body: string; headers: Record<string, string>; messageId: string };
    workerdDueWebhook: { body: string; headers: Record<string, string>; messageId: string };
    workerdSendgridUrl: string;
    workerdSecret: string;
    workerdDueCampaignId: string;
    workerdSilentDatabaseUrl: string;
  }
}

/**
 * A migrated database bound to the Worker as its Hyperdrive in workerd, holding one workspace with a webhook
 * key and a sent message, and a batch signed for it here in Node (workerd then only verifies).
 */
// The Worker's KAIFU_SECRET: provided to its bindings, and used here to seal the workspace's SendGrid key.
const WORKERD_SECRET = 'workerd-test-secret-workerd-test-secret';

export default async function setup(project: TestProject) {
  const name = `kaifu_workerd_${process.pid}`;
  const url = await createDatabase(name);
  await migratePostgresUrl(url);
  const handle = connectPostgres(url, { max: 2 });
  const created = await createWorkspace({ db: handle.db, input: { name: 'Workerd', now: new Date() } });
  const deps: Deps = {
    db: handle.db,
    analyticsDb: handle.db,
    mailer: createSendgridMailer({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 1000 }),
    clock: { now: () => new Date() },
    config: withSecret(testConfig({ secret: WORKERD_SECRET })),
    log: createLogger('error'),
    recordHit: async () => {},
  };
  const actor = {
    workspaceId: created.workspaceId,
    keyId: created.adminKeyId,
    role: 'admin' as const,
    requestId: null,
  };
  const keys = webhookKeyPair();
  await handle.db
    .update(workspaces)
    .set({ sendgridWebhookKeys: [keys.publicKey] })
    .where(eq(workspaces.id, created.workspaceId));
  await updateWorkspace({
    deps,
    actor,
    input: {
      sender: { name: 'Workerd Co', email: 'news@workerd.example', postalAddress: '1-1 Chiyoda, Tokyo' },
    },
  });
  await importContacts({
    deps,
    workspaceId: created.workspaceId,
    rows: [{ email: 'edge@example.com', consent: { source: 'test', at: '2026-01-01T00:00:00Z' } }],
  });
  const list = await createList({ deps, actor, input: { name: 'Edge' } });
  await addListMembers({
    deps,
    workspaceId: created.workspaceId,
    listId: list.id,
    refs: { emails: ['edge@example.com'] },
  });
  const campaign = await createCampaign({
    deps,
    actor,
    input: {
      name: 'Edge',
      listId: list.id,
      from: { email: 'news@workerd.example', name: 'Workerd' },
      html: '<p>Hi</p>',
      variants: [{ subject: 'Hello from the edge' }],
    },
  });
  await scheduleCampaign({
    deps,
    actor,
    campaignId: campaign.id,
    schedule: { type: 'at', at: new Date(Date.now() + 3600_000).toISOString() },
  });
  const [message] = await handle.db.update(messages).set({ status: 'sent', sentAt: new Date() }).returning();
  const body = JSON.stringify([sgEvent('delivered', message?.id ?? null, new Date())]);

  // A second campaign, due now, for the Worker's cron handler to send to the fake SendGrid.
  const fake = await startFakeSendgrid();
  await updateSendgridSettings({ deps, actor, input: { apiKey: 'SG.workerd-key-0123456789' } });
  const due = await createCampaign({
    deps,
    actor,
    input: {
      name: 'Edge cron',
      listId: list.id,
      from: { email: 'news@workerd.example', name: 'Workerd' },
      html: '<p>Hi {{name|there}}</p><a href="https://workerd.example/read">Read</a>',
      variants: [{ subject: 'Sent by the cron trigger' }],
    },
  });
  await scheduleCampaign({
    deps,
    actor,
    campaignId: due.id,
    schedule: { type: 'at', at: new Date(Date.now() - 60_000).toISOString() },
  });
  // SendGrid's word that the cron campaign's message was delivered (an hour ago, so later hits are a reader's).
  const [dueMessage] = await handle.db.select().from(messages).where(eq(messages.campaignId, due.id));
  const dueBody = JSON.stringify([
    sgEvent('delivered', dueMessage?.id ?? null, new Date(Date.now() - 3600_000)),
  ]);
  await handle.close();

  // A database that accepts connections and never answers: what a hung server looks like to the Worker.
  const held = new Set<Socket>();
  const silent = createServer((socket) => void held.add(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const silentPort = (silent.address() as { port: number }).port;

  project.provide('workerdDatabaseUrl', url);
  project.provide('workerdSilentDatabaseUrl', `postgres://postgres:kaifu@127.0.0.1:${silentPort}/hung`);
  project.provide('workerdDueWebhook', {
    body: dueBody,
    headers: signBatch(keys.privateKey, dueBody, Math.floor(Date.now() / 1000)),
    messageId: dueMessage?.id ?? '',
  });
  project.provide('workerdAdminKey', created.adminKey);
  project.provide('workerdWorkspaceId', created.workspaceId);
  project.provide('workerdSendgridUrl', fake.baseUrl);
  project.provide('workerdSecret', WORKERD_SECRET);
  project.provide('workerdDueCampaignId', due.id);
  project.provide('workerdWebhook', {
    body,
    headers: signBatch(keys.privateKey, body, Math.floor(Date.now() / 1000)),
    messageId: message?.id ?? '',
  });
  return async () => {
    for (const socket of held) socket.destroy();
    silent.close();
    await fake.close();
    await dropDatabase(name);
  };
}
