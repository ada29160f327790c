import type { Logger } from '../log.js';

export interface HitBufferOptions<T> {
  /** Stores a batch; a rejection keeps the batch for the next flush. */
  write(items: T[]): Promise<void>;
  /** Flush as soon as this many are waiting. */
  batchSize: number;
  /** And at least this often while anything waits. */
  intervalMs: number;
  /** At most this many wait; beyond it a hit is written through by its own request rather than dropped. */
  capacity: number;
  log: Logger;
}

export interface HitBuffer<T> {
  /** Resolves once the hit is queued, or — when the buffer is full — written. */
  add(item: T): Promise<void>;
  /** Writes everything waiting (used by tests and on shutdown). */
  flush(): Promise<void>;
  /** Stops the timer and flushes; a failure to store what waits is thrown, not swallowed. */
  close(): Promise<void>;
  size(): number;
}

/**
 * Tracking hits on Node: a burst of pixel requests is answered from memory and stored in batches, one
 * transaction per batch instead of one per hit. Bounded: a full buffer pushes back on the requests instead of
 * growing or dropping. One flush at a time, in arrival order.
 */
export function createHitBuffer<T>(options: HitBufferOptions<T>): HitBuffer<T> {
  let waiting: T[] = [];
  let flushing: Promise<void> | null = null;
  let failures = 0;

  const flushOnce = async (): Promise<void> => {
    while (waiting.length > 0) {
      const batch = waiting.slice(0, options.batchSize);
      try {
        await options.write(batch);
        waiting = waiting.slice(batch.length);
        failures = 0;
      } catch (error) {
        failures++;
        options.log.error('storing tracking hits failed; kept for the next flush', {
          error,
          waiting: waiting.length,
          failures,
        });
        throw error;
      }
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
      waiting.push(item);
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
