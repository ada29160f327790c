import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { Requester } from '../services/tracking/track';

/**
 * The client's address and user agent. Workers: Cloudflare's CF-Connecting-IP. Node: the first
 * X-Forwarded-For hop when a proxy sets it, else the socket. A client could forge these headers on Node, but
 * only to misclassify its own hits on a token it holds.
 */
export function requesterOf(c: Context): Requester {
  const forwarded = c.req.header('cf-connecting-ip') ?? c.req.header('x-forwarded-for')?.split(',')[0];
  const socket = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.remoteAddress;
  return { ip: forwarded?.trim() || socket || null, userAgent: c.req.header('user-agent') ?? null };
}
