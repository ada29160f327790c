import { findCampaign } from '../../db/queries/campaigns.js';
import { campaignLinkUrls, findVariant, recipientsOf } from '../../db/queries/sending.js';
import { findWorkspace } from '../../db/queries/workspaces.js';
import type { Deps } from '../../deps.js';
import { openText } from '../../lib/crypto.js';
import type { MailBatch, Personalization } from '../../mail/mailer.js';
import {
  buildLayout,
  type Layout,
  type MergeData,
  renderPlain,
  substitutionsFor,
} from '../../mail/render.js';
import { CUSTOM_ARG } from '../sendgrid/provider-events.js';
import { HONEYPOT_LINK, type TokenSigner } from '../tracking/tokens.js';
import type { ClaimedBatch } from './claim-batch.js';

export interface ComposedBatch {
  mail: MailBatch;
  /** Null: the workspace has no SendGrid key, so the batch goes to the outbox. */
  apiKey: string | null;
  /** Claimed messages whose contact was suppressed, unsubscribed or erased since scheduling. */
  suppressedIds: string[];
  messageIds: string[];
}

export const trackingUrls = (publicUrl: string) => ({
  open: (token: string) => `${publicUrl}/t/o/${token}`,
  click: (token: string) => `${publicUrl}/t/c/${token}`,
  unsubscribe: (token: string) => `${publicUrl}/u/${token}`,
});

/** What every batch of one campaign variant shares: loaded and rendered once per dispatch run, not per batch. */
export interface VariantContent {
  layout: Layout;
  subject: string;
  linkCount: number;
  from: { email: string; name: string };
  replyTo: string | null;
  openTracking: boolean;
  /** Null: the workspace has no SendGrid key, so its batches go to the outbox. */
  apiKey: string | null;
}

export async function loadVariantContent({
  deps,
  claimed,
}: {
  deps: Deps;
  claimed: ClaimedBatch;
}): Promise<VariantContent> {
  const { workspaceId, campaignId, variantId } = claimed;
  const workspace = await findWorkspace(deps.db, workspaceId);
  const campaign = await findCampaign(deps.db, workspaceId, campaignId);
  const variant = await findVariant(deps.db, workspaceId, variantId);
  if (!workspace || !campaign || !variant) throw new Error(`batch ${claimed.batchId} lost its campaign`);
  const linkRows = await campaignLinkUrls(deps.db, workspaceId, campaignId);
  // This process will likely answer the clicks on this mail: they need no database to be redirected.
  deps.linkCache?.set(
    workspaceId,
    campaignId,
    linkRows.map((l) => l.url),
  );
  return {
    layout: buildLayout({
      html: campaign.html,
      text: campaign.text,
      preheader: variant.preheader,
      sender: {
        name: workspace.senderName ?? campaign.fromName,
        postalAddress: workspace.senderPostalAddress ?? '',
      },
      links: linkRows.map((l) => l.url),
    }),
    subject: variant.subject,
    linkCount: linkRows.length,
    from: { email: campaign.fromEmail, name: campaign.fromName },
    replyTo: campaign.replyTo,
    openTracking: workspace.sendgridOpenTracking,
    apiKey: workspace.sendgridApiKeyEncrypted
      ? await openText(deps.config.secret, 'credentials', workspace.sendgridApiKeyEncrypted)
      : null,
  };
}

/**
 * Everything one SendGrid request needs: the variant's body once, and per recipient its subject, merge values,
 * signed tracking URLs, List-Unsubscribe headers and our ids in custom_args (ids only, no personal data).
 * Suppression is checked again here: an unsubscribe between scheduling and sending must win.
 */
export async function composeBatch({
  deps,
  claimed,
  content,
  signer,
}: {
  deps: Deps;
  claimed: ClaimedBatch;
  content: VariantContent;
  signer: TokenSigner;
}): Promise<ComposedBatch> {
  const { workspaceId, campaignId, variantId } = claimed;
  const contactIds = claimed.messages.map((m) => m.contactId);
  const people = await recipientsOf(deps.db, workspaceId, contactIds);
  const byId = new Map(people.map((p) => [p.id, p]));

  const { layout } = content;
  const urls = trackingUrls(deps.config.publicUrl);
  const suppressedIds: string[] = [];
  const messageIds: string[] = [];
  const personalizations: Personalization[] = [];
  for (const message of claimed.messages) {
    const person = byId.get(message.contactId);
    if (!person?.mailable || !person.email) {
      suppressedIds.push(message.id);
      continue;
    }
    const claims = { workspaceId, messageId: message.id, link: 0, campaignId };
    const unsubscribeUrl = urls.unsubscribe(signer.sign({ ...claims, kind: 'unsubscribe' }));
    const clicks = Array.from({ length: content.linkCount }, (_, i) =>
      urls.click(signer.sign({ ...claims, kind: 'click', link: i })),
    );
    const data: MergeData = {
      email: person.email,
      name: person.name,
      company: person.company,
      attributes: person.attributes,
    };
    messageIds.push(message.id);
    personalizations.push({
      to: person.name ? { email: person.email, name: person.name } : { email: person.email },
      subject: renderPlain(content.subject, data),
      substitutions: substitutionsFor(layout, data, {
        open: urls.open(signer.sign({ ...claims, kind: 'open' })),
        unsubscribe: unsubscribeUrl,
        honeypot: urls.click(signer.sign({ ...claims, kind: 'click', link: HONEYPOT_LINK })),
        links: clicks,
      }),
      // In the personalization: substitutions do not reach headers, and each recipient's link is their own.
      headers: {
        'List-Unsubscribe': `<${unsubscribeUrl}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      customArgs: {
        [CUSTOM_ARG.messageId]: message.id,
        [CUSTOM_ARG.campaignId]: campaignId,
        [CUSTOM_ARG.variantId]: variantId,
      },
    });
  }
  return {
    mail: {
      from: content.from,
      replyTo: content.replyTo,
      html: layout.html,
      text: layout.text,
      categories: ['kaifu', `campaign-${campaignId}`],
      openTracking: content.openTracking,
      personalizations,
    },
    apiKey: content.apiKey,
    suppressedIds,
    messageIds,
  };
}
