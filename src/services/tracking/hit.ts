import { uuidv7 } from '../../lib/ids.js';
import type { HitKind } from './classify.js';

/**
 * A verified pixel or click hit, before it is stored; `ip` normalized and `userAgent` trimmed on receipt. Its
 * `id` and `at` are given on receipt (receivedHit) and are its identity: a batch written again after a lost
 * COMMIT finds its hits stored and neither stores nor counts them twice.
 */
export interface TrackingHit {
  id: string;
  workspaceId: string;
  messageId: string;
  kind: HitKind;
  /** Click hits: the link's position (HONEYPOT_LINK for the trap link). */
  link: number | null;
  at: Date;
  ip: string | null;
  userAgent: string | null;
}

/** A hit as it is received: its identity (id and time) fixed now, once, whatever retries follow. */
export const receivedHit = (hit: Omit<TrackingHit, 'id'>): TrackingHit => ({
  id: uuidv7(hit.at.getTime()),
  ...hit,
});
