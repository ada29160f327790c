import type { Logger } from '../log.js';

export interface HitBufferOptions<T> {
  /** Stores a batch; a rejection keeps the batch for the next flush. Must be idempotent: a batch whose
   * COMMIT was lost on the way back is written again. */
  write(items: T[]): Promise<void>;
  /** Flush as soon as this many are waiting. */
  batchSize: number;
  /** And at least this often while anything waits. */
  intervalMs: number;
  /** The loss window: once the oldest waiting hit is older than this, a new hit's request waits until its hit
   * is stored (or a flush holding it fails), so no more than this much answered traffic sits in memory. */
  maxWaitMs: number;
  /** At most this many wait; beyond it a hit is written through by its own request rather than dropped. */
  capacity: number;
  log: Logger;
  /** Milliseconds, for the loss window (tests pass their own). */
  now?: () => number;
}

export interface HitBuffer<T> {
  /** Resolves once the hit is queued — or, under back-pressure, stored; when the buffer is full, written. */
  add(item: T): Promise<void>;
  /** Writes everything waiting (used by tests and on shutdown). */
  flush(): Promise<void>;
  /** Stops the timer and flushes; a failure to store what waits is thrown, not swallowed. */
  close(): Promise<void>;
  size(): number;
}

interface Waiting<T> {
  item: T;
  since: number;
  /** A request waiting for this hit's flush (back-pressure): called once the flush holding it ends, either way. */
  answer?: () => void;
}

/**
 * Tracking hits on Node: a burst of pixel requests is answered from memory and stored in batches, one
 * transaction per batch instead of one per hit. Bounded in time and size: a hit is answered before it is stored
 * only while the oldest waiting one is younger than maxWaitMs (what a kill -9 can lose); past that, requests wait
 * for their own hit's flush. A full buffer writes through instead of growing or dropping. One flush at a time,
 * in arrival order; a failed batch is kept and written again.
 */
export function createHitBuffer<T>(options: HitBufferOptions<T>): HitBuffer<T> {
  const now = options.now ?? Date.now;
  let waiting: Waiting<T>[] = [];
  let flushing: Promise<void> | null = null;
  let failures = 0;

  const answer = (w: Waiting<T>) => {
    w.answer?.();
    w.answer = undefined;
  };
  const flushOnce = async (): Promise<void> => {
    while (waiting.length > 0) {
      const batch = waiting.slice(0, options.batchSize);
      try {
        await options.write(batch.map((w) => w.item));
        waiting = waiting.slice(batch.length);
        failures = 0;
      } catch (error) {
        failures++;
        // Kept for the next flush, which may be far off in an outage: no request waits for it.
        for (const w of waiting) answer(w);
        options.log.error('storing tracking hits failed; kept for the next flush', {
          error,
          waiting: waiting.length,
          failures,
        });
        throw error;
      }
      for (const w of batch) answer(w);
    }
  };
  const flush = (): Promise<void> => {
    flushing ??= flushOnce().finally(() => {
      flushing = null;
    });
    return flushing;
  };
  const background = () => {
    flush().catch(() => {});
  };
  const timer = setInterval(() => {
    if (waiting.length > 0 && !flushing) background();
  }, options.intervalMs);
  timer.unref?.();

  return {
    async add(item) {
      if (waiting.length >= options.capacity) {
        await options.write([item]);
        return;
      }
      const at = now();
      const oldest = waiting[0];
      if (oldest && at - oldest.since > options.maxWaitMs) {
        // Storing has fallen behind the loss window: this request waits for its own hit.
        await new Promise<void>((answer) => {
          waiting.push({ item, since: at, answer });
          if (!flushing) background();
        });
        return;
      }
      waiting.push({ item, since: at });
      if (waiting.length >= options.batchSize && !flushing) background();
    },
    async flush() {
      // A flush already running may have started before the newest hits arrived: wait for it, then go again.
      while (flushing) await flushing.catch(() => {});
      await flush();
    },
    async close() {
      clearInterval(timer);
      await this.flush();
    },
    size: () => waiting.length,
  };
}
