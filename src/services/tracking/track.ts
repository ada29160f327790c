import { campaignLinksOfMessage } from '../../db/queries/tracking.js';
import type { Deps } from '../../deps.js';
import { normalizeIp } from '../../lib/ip.js';
import { linkProblem } from '../../mail/render.js';
import { receivedHit, type TrackingHit } from './hit.js';
import { USER_AGENT_MAX } from './record-hits.js';
import {
  createTokenVerifier,
  HONEYPOT_LINK,
  type TokenClaims,
  type TokenKind,
  type TokenVerifier,
} from './tokens.js';

// Deriving the subkeys costs more than a pixel request; the secrets change only with a deploy.
const verifiers = new Map<string, Promise<TokenVerifier>>();
function verifierFor(secrets: string[]): Promise<TokenVerifier> {
  const cacheKey = secrets.join('\n');
  let verifier = verifiers.get(cacheKey);
  if (!verifier) {
    verifier = createTokenVerifier(secrets);
    verifiers.set(cacheKey, verifier);
  }
  return verifier;
}

/** A verified token of the expected kind, or null: malformed, altered, another kind, or an unknown key. */
export async function verifyTrackingToken({
  deps,
  token,
  kind,
}: {
  deps: Deps;
  token: string;
  kind: TokenKind;
}): Promise<TokenClaims | null> {
  const verifier = await verifierFor([deps.config.secret, ...deps.config.previousSecrets]);
  const claims = await verifier.verify(token);
  return claims?.kind === kind ? claims : null;
}

/**
 * Where a click token leads: always one of its campaign's stored links, never anything from the request. The
 * honeypot link leads nowhere (null), as does a token whose message or link does not exist, or a link stored
 * before links were checked that cannot be a Location (a line break in it). Read from the link cache when the
 * token names its campaign and the campaign is cached, so a click is redirected while the database is down.
 */
export async function clickTarget({
  deps,
  claims,
}: {
  deps: Deps;
  claims: TokenClaims;
}): Promise<string | null> {
  if (claims.link === HONEYPOT_LINK) return null;
  const cached = claims.campaignId ? deps.linkCache?.get(claims.workspaceId, claims.campaignId) : undefined;
  const url = (cached ?? (await campaignLinks(deps, claims)))[claims.link];
  return url !== undefined && linkProblem(url) === null ? url : null;
}

/** The links of the campaign a message belongs to, by position (kept in the link cache). */
async function campaignLinks(deps: Deps, claims: TokenClaims): Promise<readonly string[]> {
  const rows = await campaignLinksOfMessage(deps.db, claims.workspaceId, claims.messageId);
  const urls: string[] = [];
  for (const row of rows) urls[row.position] = row.url;
  const campaignId = rows[0]?.campaignId;
  if (campaignId) deps.linkCache?.set(claims.workspaceId, campaignId, urls);
  return urls;
}

/** Who made a request, as far as tracking needs to know. */
export interface Requester {
  ip: string | null;
  userAgent: string | null;
}

/** The pixel: a valid open token records an open; anything else records nothing. Never throws. */
export async function trackOpen({
  deps,
  token,
  requester,
}: {
  deps: Deps;
  token: string;
  requester: Requester;
}): Promise<void> {
  try {
    const claims = await verifyTrackingToken({ deps, token, kind: 'open' });
    if (claims) await deps.recordHit(hitOf(deps, claims, requester));
  } catch (error) {
    // The reader still gets the image: an open lost to an outage is logged, never turned into a broken mail.
    deps.log.error('recording an open failed', { error });
  }
}

/**
 * A click: where a valid token leads (recording the hit) or null. The honeypot link is recorded — it is
 * evidence of a scanner — but leads nowhere; `record: false` (HEAD) only looks.
 */
export async function trackClick({
  deps,
  token,
  requester,
  record,
}: {
  deps: Deps;
  token: string;
  requester: Requester;
  /** False for HEAD (link checkers, previews): redirect, record nothing. */
  record: boolean;
}): Promise<string | null> {
  const claims = await verifyTrackingToken({ deps, token, kind: 'click' });
  if (!claims) return null;
  const target = await clickTarget({ deps, claims });
  if (record && (target || claims.link === HONEYPOT_LINK)) {
    try {
      await deps.recordHit(hitOf(deps, claims, requester));
    } catch (error) {
      // The reader still gets the link: a click that cannot be stored is logged, never a broken redirect.
      deps.log.error('recording a click failed', { error });
    }
  }
  return target;
}

const hitOf = (deps: Deps, claims: TokenClaims, requester: Requester): TrackingHit =>
  receivedHit({
    workspaceId: claims.workspaceId,
    messageId: claims.messageId,
    kind: claims.kind === 'click' ? 'click' : 'open',
    link: claims.kind === 'click' ? claims.link : null,
    at: deps.clock.now(),
    // Trimmed here, on receipt: a hit may wait in memory, and a flood of huge headers must not grow the process.
    ip: normalizeIp(requester.ip),
    userAgent: requester.userAgent?.replaceAll('\u0000', '').slice(0, USER_AGENT_MAX) || null,
  });
