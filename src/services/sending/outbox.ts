import type { Db } from '../../db/client.js';
import { insertOutboxMails, outboxBefore } from '../../db/queries/outbox.js';
import type { Deps } from '../../deps.js';
import { uuidv7 } from '../../lib/ids.js';
import type { MailBatch } from '../../mail/mailer.js';
import { applySubstitutions } from '../../mail/render.js';

/** Stores a batch fully rendered, exactly as SendGrid would have built each recipient's mail. */
export async function storeInOutbox({
  db,
  input,
}: {
  db: Db;
  input: {
    workspaceId: string;
    campaignId: string;
    messageIds: (string | null)[];
    mail: MailBatch;
    test: boolean;
    now: Date;
  };
}): Promise<void> {
  if (input.mail.personalizations.length === 0) return;
  await insertOutboxMails(
    db,
    input.mail.personalizations.map((p, i) => ({
      workspaceId: input.workspaceId,
      id: uuidv7(input.now.getTime()),
      campaignId: input.campaignId,
      messageId: input.messageIds[i] ?? null,
      toEmail: p.to.email,
      fromEmail: input.mail.from.email,
      subject: p.subject,
      html: applySubstitutions(input.mail.html, p.substitutions),
      text: applySubstitutions(input.mail.text, p.substitutions),
      headers: p.headers,
      test: input.test,
      createdAt: input.now,
    })),
  );
}

/** A page of a campaign's outbox, newest first. */
export async function listOutbox({
  deps,
  workspaceId,
  campaignId,
  limit,
  cursor,
}: {
  deps: Deps;
  workspaceId: string;
  campaignId: string;
  limit: number;
  cursor?: string | undefined;
}) {
  const rows = await outboxBefore(deps.db, workspaceId, campaignId, { cursor, limit: limit + 1 });
  const data = rows.slice(0, limit).map((r) => ({
    id: r.id,
    messageId: r.messageId,
    to: r.toEmail,
    from: r.fromEmail,
    subject: r.subject,
    html: r.html,
    text: r.text,
    headers: r.headers,
    test: r.test,
    createdAt: r.createdAt.toISOString(),
  }));
  return { data, nextCursor: rows.length > limit ? (data.at(-1)?.id ?? null) : null };
}
