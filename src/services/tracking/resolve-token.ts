import { and, eq } from 'drizzle-orm';
import { links, messages } from '../../db/schema';
import type { Deps } from '../../deps';
import { createTokenVerifier, HONEYPOT_LINK, type TokenClaims, type TokenKind } from '../../tracking/tokens';

/** A verified token of the expected kind, or null: malformed, altered, another kind, or an unknown key. */
export async function verifyTrackingToken(
  deps: Deps,
  token: string,
  kind: TokenKind,
): Promise<TokenClaims | null> {
  const verifier = await createTokenVerifier([deps.config.secret, ...deps.config.previousSecrets]);
  const claims = await verifier.verify(token);
  return claims?.kind === kind ? claims : null;
}

/**
 * Where a click token leads: always one of its campaign's stored links, never anything from the request. The
 * honeypot link leads nowhere (null), as does a token whose message or link does not exist.
 */
export async function clickTarget(deps: Deps, claims: TokenClaims): Promise<string | null> {
  if (claims.link === HONEYPOT_LINK) return null;
  const [row] = await deps.db
    .select({ url: links.url })
    .from(messages)
    .innerJoin(
      links,
      and(
        eq(links.workspaceId, messages.workspaceId),
        eq(links.campaignId, messages.campaignId),
        eq(links.position, claims.link),
      ),
    )
    .where(and(eq(messages.workspaceId, claims.workspaceId), eq(messages.id, claims.messageId)));
  return row?.url ?? null;
}
