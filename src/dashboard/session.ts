import { Buffer } from 'node:buffer';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, notExists, or } from 'drizzle-orm';
import { apiKeys, endedSessions } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import { base64url, deriveSubkey, randomBytes } from '../lib/crypto.js';
import { type Role, roleAllows } from '../services/keys/roles.js';

/** A signed-in dashboard reader: the API key they signed in with, until the session expires. */
export interface DashboardSession {
  keyId: string;
  workspaceId: string;
  role: Role;
  expiresAt: number;
  /** Random per session: the CSRF token is derived from it. */
  nonce: string;
}

export const SESSION_HOURS = 8;

const sign = async (secret: string, purpose: string, text: string) =>
  createHmac('sha256', Buffer.from(await deriveSubkey(secret, 'session', purpose)))
    .update(text)
    .digest();

/** `payload.mac`: the session in base64url JSON, HMAC-SHA-256 under a subkey of KAIFU_SECRET. */
export async function issueSession(
  secret: string,
  key: { keyId: string; workspaceId: string; role: Role },
  now: Date,
): Promise<{ token: string; session: DashboardSession }> {
  // Named fields only: the caller's object may carry more (an Authenticated has this minute's rate limit).
  const session: DashboardSession = {
    keyId: key.keyId,
    workspaceId: key.workspaceId,
    role: key.role,
    expiresAt: now.getTime() + SESSION_HOURS * 3_600_000,
    nonce: base64url(randomBytes(16)),
  };
  const payload = Buffer.from(JSON.stringify(session)).toString('base64url');
  return {
    token: `${payload}.${(await sign(secret, 'dashboard-session', payload)).toString('base64url')}`,
    session,
  };
}

/** The session a cookie carries, or null: malformed, signed with another secret, altered or expired. */
export async function readSession(
  secret: string,
  token: string | undefined,
  now: Date,
): Promise<DashboardSession | null> {
  const [payload, mac, extra] = (token ?? '').split('.');
  if (!payload || !mac || extra !== undefined || token === undefined || token.length > 2000) return null;
  const expected = await sign(secret, 'dashboard-session', payload);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as DashboardSession;
    return typeof session.expiresAt === 'number' && session.expiresAt > now.getTime() ? session : null;
  } catch {
    return null;
  }
}

/** The form token for a session: only a page the session was shown can post. */
export async function csrfTokenOf(secret: string, session: DashboardSession): Promise<string> {
  return (await sign(secret, 'dashboard-csrf', session.nonce)).toString('base64url');
}

export async function checkCsrf(secret: string, session: DashboardSession, given: unknown): Promise<boolean> {
  if (typeof given !== 'string') return false;
  const expected = Buffer.from(await csrfTokenOf(secret, session));
  const presented = Buffer.from(given);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/**
 * A session stays good only while its key does (revoked or expired keys end their sessions at once) and until
 * it is signed out: a copy of the cookie kept elsewhere is worthless from then on.
 */
export async function sessionActive({
  deps,
  session,
}: {
  deps: Deps;
  session: DashboardSession;
}): Promise<boolean> {
  const now = deps.clock.now();
  const [row] = await deps.db
    .select({ role: apiKeys.role })
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.id, session.keyId),
        eq(apiKeys.workspaceId, session.workspaceId),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
        notExists(
          deps.db
            .select()
            .from(endedSessions)
            .where(eq(endedSessions.nonce, String(session.nonce))),
        ),
      ),
    );
  return row !== undefined && roleAllows(row.role as Role, 'analyst');
}

/** Signs a session out for good (idempotent). */
export async function endSession({
  deps,
  session,
}: {
  deps: Deps;
  session: DashboardSession;
}): Promise<void> {
  await deps.db
    .insert(endedSessions)
    .values({
      nonce: String(session.nonce),
      workspaceId: session.workspaceId,
      expiresAt: new Date(session.expiresAt),
    })
    .onConflictDoNothing();
}
