import { campaignVariants, findCampaign } from '../../db/queries/campaigns.js';
import { countInWindow, RATE_WINDOW_MS, rateBucket, windowStartOf } from '../../db/queries/rate-limits.js';
import { contactsWithEmails } from '../../db/queries/sending.js';
import { blockedHashes } from '../../db/queries/suppressions.js';
import { findWorkspace } from '../../db/queries/workspaces.js';
import type { Deps } from '../../deps.js';
import { ApiError, notFound } from '../../errors.js';
import { openText } from '../../lib/crypto.js';
import { uuidv7 } from '../../lib/ids.js';
import type { Personalization } from '../../mail/mailer.js';
import { buildLayout, extractLinks, renderPlain, substitutionsFor } from '../../mail/render.js';
import type { Actor } from '../actor.js';
import { CUSTOM_ARG } from '../sendgrid/provider-events.js';
import { emailHash, normalizeEmail } from '../suppressions/email-hash.js';
import { storeInOutbox } from './outbox.js';

// A 1×1 transparent GIF inline: a test send records nothing, so it points at no tracking URL.
const BLANK_GIF = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';
/** Test-send requests per workspace and minute, from the API and the dashboard together. */
export const TEST_SENDS_PER_MINUTE = 20;

/**
 * Sends one variant to a few addresses to look at, as recipients will see it: merge fields from the matching
 * contact when there is one, "[TEST]" before the subject, links going straight to their targets, nothing
 * tracked. Through SendGrid when the workspace has a key, else into the outbox. Suppressed addresses
 * (unsubscribed, bounced, complained, erased, listed) are skipped and named: a test is mail too. Each test
 * send carries an id of its own in custom_args, so SendGrid's events for it are known for what they are.
 */
export async function testSend({
  deps,
  actor,
  campaignId,
  emails,
  variantId,
}: {
  deps: Deps;
  actor: Actor;
  campaignId: string;
  emails: string[];
  variantId?: string | undefined;
}) {
  const { workspaceId } = actor;
  const campaign = await findCampaign(deps.db, workspaceId, campaignId);
  if (!campaign) throw notFound('Campaign');
  const variantRows = await campaignVariants(deps.db, workspaceId, [campaignId]);
  const variant = variantId ? variantRows.find((v) => v.id === variantId) : variantRows[0];
  if (!variant) throw new ApiError('unprocessable', 'variantId names no variant of this campaign');
  const workspace = await findWorkspace(deps.db, workspaceId);
  if (!workspace?.senderName || !workspace.senderPostalAddress) {
    throw new ApiError(
      'unprocessable',
      'Set the workspace sender name, email and postal address first (PATCH /v1/workspace)',
    );
  }
  await spendTestSend(deps, workspaceId);
  const requested = [...new Set(emails.map(normalizeEmail))];
  const hashOf = new Map(
    await Promise.all(
      requested.map(async (email) => [email, await emailHash(workspace.emailHashSalt, email)] as const),
    ),
  );
  const blocked = await blockedHashes(deps.db, workspaceId, [...hashOf.values()]);
  const skipped = requested.flatMap((email) => {
    const reason = blocked.get(hashOf.get(email) ?? '');
    return reason ? [{ email, reason }] : [];
  });
  const addresses = requested.filter((email) => !blocked.has(hashOf.get(email) ?? ''));
  const testSendId = uuidv7(deps.clock.now().getTime());
  if (addresses.length === 0) return { sent: 0, via: null, testSendId, skipped };
  const known = await contactsWithEmails(deps.db, workspaceId, addresses);
  const { links } = extractLinks(campaign.html);
  const layout = buildLayout({
    html: campaign.html,
    text: campaign.text,
    preheader: variant.preheader,
    sender: { name: workspace.senderName, postalAddress: workspace.senderPostalAddress },
    links,
  });
  const unsubscribe = `${deps.config.publicUrl}/u/test-send`;
  const personalizations: Personalization[] = addresses.map((email) => {
    const contact = known.find((c) => c.email === email);
    const data = {
      email,
      name: contact?.name ?? null,
      company: contact?.company ?? null,
      attributes: contact?.attributes ?? {},
    };
    return {
      to: { email },
      subject: `[TEST] ${renderPlain(variant.subject, data)}`,
      substitutions: substitutionsFor(layout, data, {
        open: BLANK_GIF,
        unsubscribe,
        honeypot: unsubscribe,
        links,
      }),
      headers: {
        'List-Unsubscribe': `<${unsubscribe}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      customArgs: { [CUSTOM_ARG.testSendId]: testSendId, [CUSTOM_ARG.campaignId]: campaignId },
    };
  });
  const mail = {
    from: { email: campaign.fromEmail, name: campaign.fromName },
    replyTo: campaign.replyTo,
    html: layout.html,
    text: layout.text,
    categories: ['kaifu', 'test-send'],
    openTracking: false,
    personalizations,
  };
  if (!workspace.sendgridApiKeyEncrypted) {
    await storeInOutbox({
      db: deps.db,
      input: {
        workspaceId,
        campaignId,
        messageIds: [],
        mail,
        test: true,
        now: deps.clock.now(),
      },
    });
    return { sent: addresses.length, via: 'outbox' as const, testSendId, skipped };
  }
  const apiKey = await openText(deps.config.secret, 'credentials', workspace.sendgridApiKeyEncrypted);
  const outcome = await deps.mailer.send(mail, apiKey);
  if (outcome.kind !== 'accepted') {
    throw new ApiError(
      outcome.kind === 'rejected' ? 'unprocessable' : 'unavailable',
      `SendGrid did not take the test send: ${outcome.reason}`,
    );
  }
  return { sent: addresses.length, via: 'sendgrid' as const, testSendId, skipped };
}

/** Counts a test send against the workspace's minute: a burst of them is mail nobody asked for. */
async function spendTestSend(deps: Deps, workspaceId: string): Promise<void> {
  const now = deps.clock.now();
  const window = windowStartOf(now);
  const used = await countInWindow(deps.db, workspaceId, rateBucket.testSends, window, 1);
  if (used > TEST_SENDS_PER_MINUTE) {
    const retryAfter = Math.max(1, Math.ceil((window.getTime() + RATE_WINDOW_MS - now.getTime()) / 1000));
    throw new ApiError(
      'rate_limited',
      `At most ${TEST_SENDS_PER_MINUTE} test sends a minute per workspace`,
      undefined,
      { 'Retry-After': String(retryAfter) },
    );
  }
}
