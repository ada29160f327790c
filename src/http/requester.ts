import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { Requester } from '../services/tracking/track';

/**
 * The client's address and user agent. Workers: Cloudflare's CF-Connecting-IP. Node: the first
 * X-Forwarded-For hop when a proxy sets it, else the socket. A client could forge these headers on Node, but
 * only to misclassify its own hits on a token it holds.
 */
export function requesterOf(c: Context): Requester {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  // On Node, read the parsed headers as they are: asking the request for one builds a whole Headers object,
  // which a pixel burst pays for on every hit.
  const header = incoming
    ? (name: string) => {
        const value = incoming.headers[name];
        return Array.isArray(value) ? value[0] : value;
      }
    : (name: string) => c.req.header(name);
  const forwarded = header('cf-connecting-ip') ?? header('x-forwarded-for')?.split(',')[0];
  return {
    ip: forwarded?.trim() || incoming?.socket?.remoteAddress || null,
    userAgent: header('user-agent') ?? null,
  };
}
