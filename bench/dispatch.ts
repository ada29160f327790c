import { eq, sql } from 'drizzle-orm';
import { messages, workspaces } from '../src/db/schema/index.js';
import { uuidv7 } from '../src/lib/ids.js';
import { createSendgridMailer } from '../src/mail/sendgrid-mailer.js';
import { scheduleCampaign } from '../src/services/campaigns/schedule-campaign.js';
import { createCampaign } from '../src/services/campaigns/write-campaigns.js';
import { importContacts } from '../src/services/contacts/import-contacts.js';
import { createList } from '../src/services/lists/lists.js';
import { addListMembers } from '../src/services/lists/members.js';
import { updateSendgridSettings } from '../src/services/sendgrid/settings.js';
import { dispatchDue } from '../src/services/sending/dispatch-due.js';
import { createWorkspace } from '../src/services/workspaces/create-workspace.js';
import { updateWorkspace } from '../src/services/workspaces/workspace-settings.js';
import { startFakeSendgrid } from '../test/helpers/fake-sendgrid.js';
import { type BenchResult, benchDatabase, benchDeps, fmt, timed } from './support.js';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 100_000);

/**
 * Dispatch of a scheduled campaign to a local fake of SendGrid's v3 API (claim, compose with signed tracking
 * URLs, the real @sendgrid/mail client, settle), against a raw multi-row insert of the same message rows.
 */
export async function benchDispatch(): Promise<BenchResult> {
  const db = await benchDatabase('kaifu_bench_dispatch');
  const fake = await startFakeSendgrid();
  try {
    const deps = {
      ...benchDeps(db.handle),
      mailer: createSendgridMailer({ baseUrl: fake.baseUrl, timeoutMs: 30_000 }),
    };
    const ws = await createWorkspace({ db: db.handle.db, input: { name: 'Bench', now: new Date() } });
    const actor = {
      workspaceId: ws.workspaceId,
      keyId: ws.adminKeyId,
      role: 'admin' as const,
      requestId: null,
    };
    await db.handle.db
      .update(workspaces)
      .set({ sendRatePerMinute: 10_000_000 })
      .where(eq(workspaces.id, ws.workspaceId));
    await updateWorkspace({
      deps,
      actor,
      input: {
        sender: { name: 'Bench Co', email: 'news@bench.example', postalAddress: '1-1 Marunouchi, Tokyo' },
      },
    });
    await updateSendgridSettings({ deps, actor, input: { apiKey: 'SG.bench-key-0123456789' } });
    const list = await createList({ deps, actor, input: { name: 'Everyone' } });
    const zones = ['Asia/Tokyo', 'Europe/Berlin', 'America/New_York', null];
    for (let i = 0; i < RECIPIENTS; i += 10_000) {
      const rows = Array.from({ length: Math.min(10_000, RECIPIENTS - i) }, (_, j) => ({
        email: `lead-${i + j}@bench.example`,
        name: `Lead ${i + j}`,
        company: `Company ${(i + j) % 500}`,
        timezone: zones[(i + j) % zones.length],
        consent: { source: 'bench', at: '2026-01-01T00:00:00Z' },
      }));
      await importContacts({ deps, workspaceId: ws.workspaceId, rows });
      await addListMembers({
        deps,
        workspaceId: ws.workspaceId,
        listId: list.id,
        refs: { emails: rows.map((r) => r.email) },
      });
    }
    const campaign = await createCampaign({
      deps,
      actor,
      input: {
        name: 'Bench',
        listId: list.id,
        from: { email: 'news@bench.example', name: 'Bench' },
        html: '<p>{{name}} 様</p><p><a href="https://bench.example/a">A</a> <a href="https://bench.example/b">B</a></p>',
        variants: [{ subject: 'A for {{company}}' }, { subject: 'B for {{company}}' }],
      },
    });
    await scheduleCampaign({
      deps,
      actor,
      campaignId: campaign.id,
      schedule: { type: 'at', at: new Date(Date.now() - 60_000).toISOString() },
    });

    let sent = 0;
    const dispatchMs = await timed(async () => {
      while (sent < RECIPIENTS) {
        const report = await dispatchDue({ deps, budgetMs: 600_000 });
        if (report.batches === 0) break;
        sent += report.sent;
      }
    });
    const accepted = fake.acceptedMessageIds();
    if (sent !== RECIPIENTS || accepted.size !== RECIPIENTS)
      throw new Error(`sent ${sent}, fake accepted ${accepted.size}`);

    // The baseline: the same number of message rows, as plain multi-row inserts of 1,000.
    const template = (await db.handle.db.select().from(messages).limit(1))[0];
    if (!template) throw new Error('no message to copy');
    const insertMs = await timed(async () => {
      for (let i = 0; i < RECIPIENTS; i += 1000) {
        await db.handle.db.insert(messages).values(
          Array.from({ length: Math.min(1000, RECIPIENTS - i) }, () => ({
            ...template,
            id: uuidv7(),
            campaignId: uuidv7(),
            contactId: uuidv7(),
            status: 'sent' as const,
          })),
        );
      }
    });
    // And the fastest plain form: the same rows as one JSON parameter per 1,000.
    const jsonMs = await timed(async () => {
      for (let i = 0; i < RECIPIENTS; i += 1000) {
        const rows = Array.from({ length: Math.min(1000, RECIPIENTS - i) }, () => ({
          workspace_id: template.workspaceId,
          id: uuidv7(),
          campaign_id: uuidv7(),
          variant_id: template.variantId,
          contact_id: uuidv7(),
          status: 'sent',
          timezone: template.timezone,
          scheduled_at: template.scheduledAt,
          due_at: template.dueAt,
          sent_at: template.sentAt,
          local_weekday: template.localWeekday,
          local_hour: template.localHour,
          provider_message_id: template.providerMessageId,
          batch_id: template.batchId,
          attempts: template.attempts,
        }));
        await db.handle.db.execute(sql`
          insert into messages (workspace_id, id, campaign_id, variant_id, contact_id, status, timezone, scheduled_at,
                                due_at, sent_at, local_weekday, local_hour, provider_message_id, batch_id, attempts)
          select * from json_to_recordset(${JSON.stringify(rows)}::json) as x(workspace_id uuid, id uuid,
            campaign_id uuid, variant_id uuid, contact_id uuid, status text, timezone text, scheduled_at timestamptz,
            due_at timestamptz, sent_at timestamptz, local_weekday smallint, local_hour smallint,
            provider_message_id text, batch_id uuid, attempts int)`);
      }
    });
    const dispatchRate = RECIPIENTS / (dispatchMs / 1000);
    const insertRate = RECIPIENTS / (insertMs / 1000);
    const jsonRate = RECIPIENTS / (jsonMs / 1000);
    const ratio = dispatchRate / insertRate;
    const requests = fake.requests.length;
    console.log(
      `dispatch: ${fmt(dispatchRate)} recipients/s (${fmt(RECIPIENTS)} recipients in ${requests} SendGrid requests, ` +
        `${(dispatchMs / 1000).toFixed(1)} s)\n  vs raw multi-row insert of the same message rows: ${fmt(insertRate)} rows/s, ` +
        `ratio ${ratio.toFixed(2)} (goal ≥ 0.40)\n  vs the same rows as one JSON parameter per 1,000 (the fastest plain insert): ` +
        `${fmt(jsonRate)} rows/s, ratio ${(dispatchRate / jsonRate).toFixed(2)}`,
    );
    return { name: 'dispatch', ratio, strictRatio: dispatchRate / jsonRate, goal: 0.4 };
  } finally {
    await fake.close();
    await db.drop();
  }
}
