import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { Requester } from '../services/tracking/track.js';

/**
 * The client's address and user agent. Workers: Cloudflare's CF-Connecting-IP. Node: the first
 * X-Forwarded-For hop when a proxy sets it, else the socket. A client could forge these headers on Node, but
 * only to misclassify its own hits on a token it holds.
 */
export function requesterOf(c: Context): Requester {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const forwarded =
    headerOf(c, incoming, 'cf-connecting-ip') ?? headerOf(c, incoming, 'x-forwarded-for')?.split(',')[0];
  return {
    ip: forwarded?.trim() || incoming?.socket?.remoteAddress || null,
    userAgent: headerOf(c, incoming, 'user-agent') ?? null,
  };
}

// On Node, the parsed headers as they are: asking the request for one builds a whole Headers object, which a
// pixel burst would pay for on every hit.
function headerOf(c: Context, incoming: IncomingMessage | undefined, name: string): string | undefined {
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
