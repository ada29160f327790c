import type { Deps } from '../../src/deps.js';
import { createHitBuffer } from '../../src/node/hit-buffer.js';
import { receivedHit, type TrackingHit } from '../../src/services/tracking/hit.js';
import { storeHits } from '../../src/services/tracking/record-hits.js';
import { CHROME } from './tracked-mail.js';

/** The buffer a Node process has, but flushed only when the test says so (or when it fills). */
export const manualHitBuffer = (deps: Deps) =>
  createHitBuffer<TrackingHit>({
    write: (batch) => storeHits({ deps, hits: batch }),
    batchSize: 1000,
    intervalMs: 60_000,
    maxWaitMs: 60_000,
    capacity: 10_000,
    log: deps.log,
  });

/** A person's pixel open of a message (Chrome, outside Apple's ranges), received at `at`. */
export const openHit = (workspaceId: string, messageId: string, at: Date): TrackingHit =>
  receivedHit({
    workspaceId,
    messageId,
    kind: 'open',
    link: null,
    at,
    ip: '198.51.100.40',
    userAgent: CHROME,
  });
