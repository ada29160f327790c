import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { Deps } from '../deps.js';
import type { Actor } from '../services/actor.js';
import type { Authenticated } from '../services/keys/authenticate-key.js';

export type AppEnv = {
  Variables: {
    deps: Deps;
    requestId: string;
    auth: Authenticated;
    /** From Accept-Language (q-values honoured): 'ja' or 'en'. */
    language: string;
    /** Set by pageHeaders: the nonce of this response's inline style. */
    secureHeadersNonce?: string;
  };
};

export type App = OpenAPIHono<AppEnv>;

/** The authenticated caller as services see it. */
export function actorOf(c: Context<AppEnv>): Actor {
  const auth = c.get('auth');
  return { workspaceId: auth.workspaceId, keyId: auth.keyId, role: auth.role, requestId: c.get('requestId') };
}
