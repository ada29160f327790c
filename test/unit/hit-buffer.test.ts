import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { createHitBuffer } from '../../src/node/hit-buffer.js';

function buffer(
  options: {
    batchSize?: number;
    capacity?: number;
    intervalMs?: number;
    fail?: () => boolean;
    clock?: { ms: number };
  } = {},
) {
  const written: number[][] = [];
  let release: (() => void) | null = null;
  const hold = { on: false };
  const hits = createHitBuffer<number>({
    write: async (items) => {
      if (hold.on) await new Promise<void>((r) => (release = r));
      if (options.fail?.()) throw new Error('database down');
      written.push([...items]);
    },
    batchSize: options.batchSize ?? 3,
    intervalMs: options.intervalMs ?? 60_000,
    capacity: options.capacity ?? 100,
    maxWaitMs: 1000,
    log: createLogger('error', () => {}),
    ...(options.clock ? { now: () => (options.clock as { ms: number }).ms } : {}),
  });
  return { hits, written, hold, release: () => release?.() };
}

describe('the tracking-hit buffer', () => {
  it('writes in batches as they fill, and the rest on flush', async () => {
    const { hits, written } = buffer();
    for (let i = 0; i < 7; i++) await hits.add(i);
    await hits.flush();
    expect(written).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(hits.size()).toBe(0);
    await hits.close();
  });

  it('flushes on its interval without anyone asking', async () => {
    const { hits, written } = buffer({ batchSize: 1000, intervalMs: 20 });
    await hits.add(1);
    await hits.add(2);
    await new Promise((r) => setTimeout(r, 80));
    expect(written).toEqual([[1, 2]]);
    await hits.close();
  });

  it('when full, writes a hit through with its own request instead of dropping it', async () => {
    const { hits, written, hold, release } = buffer({ batchSize: 2, capacity: 4 });
    hold.on = true;
    await hits.add(1);
    await hits.add(2); // the flush of [1, 2] now hangs
    await hits.add(3);
    await hits.add(4);
    expect(hits.size()).toBe(4);
    hold.on = false;
    const through = hits.add(5);
    await through;
    expect(written).toContainEqual([5]);
    release();
    await hits.close();
    expect(written.flat().sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps a batch the database refused and stores it on the next flush; close reports a loss', async () => {
    let down = true;
    const { hits, written } = buffer({ fail: () => down });
    await hits.add(1);
    await expect(hits.flush()).rejects.toThrow('database down');
    expect(hits.size()).toBe(1);
    down = false;
    await hits.add(2);
    await hits.flush();
    expect(written).toEqual([[1, 2]]);
    down = true;
    await hits.add(3);
    await expect(hits.close()).rejects.toThrow('database down');
  });

  it('answers before storing only within the loss window; past it a request waits for its own hit', async () => {
    const clock = { ms: 0 };
    const { hits, written, hold, release } = buffer({ batchSize: 2, clock });
    hold.on = true;
    await hits.add(1);
    await hits.add(2); // the flush of [1, 2] now hangs
    clock.ms = 999;
    await hits.add(3); // the oldest is 999 ms old: still within the window
    clock.ms = 1001;
    let answered = false;
    const late = hits.add(4).then(() => {
      answered = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    hold.on = false;
    release();
    await late;
    expect(written.flat()).toEqual([1, 2, 3, 4]);
    await hits.close();
  });

  it('a request waiting on the window is answered when the flush holding it fails, its hit kept', async () => {
    const clock = { ms: 0 };
    let down = true;
    const { hits, written } = buffer({ batchSize: 10, clock, fail: () => down });
    await hits.add(1);
    clock.ms = 5000;
    await hits.add(2); // the oldest is 5 s old: waits for a flush, which fails, and is answered
    expect(hits.size()).toBe(2);
    down = false;
    await hits.flush();
    expect(written).toEqual([[1, 2]]);
    await hits.close();
  });
});
