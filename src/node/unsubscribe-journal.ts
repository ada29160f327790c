import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log.js';
import type { TokenClaims } from '../services/tracking/tokens.js';

/** What a one-click unsubscribe needs to be carried out later: the verified token's claims. */
export interface JournaledUnsubscribe {
  workspaceId: string;
  messageId: string;
  at: string;
}

export interface UnsubscribeJournal {
  /** Appends and fsyncs: once this resolves, the unsubscribe survives a crash of this process. */
  append(claims: TokenClaims, at: Date): Promise<void>;
  /** Carries out what was journaled, in order; what fails stays for the next replay. Answers how many were done. */
  replay(apply: (entry: JournaledUnsubscribe) => Promise<void>): Promise<number>;
}

const CURRENT = 'unsubscribes.ndjson';

/** Writes `text` to a new file, fsyncs it and renames it over `path`: a crash leaves the old file or the new. */
async function replaceDurably(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp`;
  const file = await open(temporary, 'w');
  try {
    await file.write(text);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}

/**
 * One-click unsubscribes (RFC 8058) that arrived while Postgres was unreachable: a mailbox provider sends them
 * and no person reads the answer, so a refusal would lose a recipient's legal right. They are appended to a
 * file in the data directory and fsynced before the 2xx, and carried out on the next start and on recovery.
 * A replay first renames the file, so appends during it start a new one; each replayed file is removed once
 * everything in it is done (unsubscribing is idempotent, so a replay interrupted half-way is harmless).
 */
export function createUnsubscribeJournal(directory: string, log: Logger): UnsubscribeJournal {
  const dir = join(directory, 'journal');
  let appending: Promise<void> = Promise.resolve();
  let replaying: Promise<number> | null = null;

  const append = async (claims: TokenClaims, at: Date) => {
    const line = `${JSON.stringify({ workspaceId: claims.workspaceId, messageId: claims.messageId, at: at.toISOString() })}\n`;
    // One writer at a time: lines never interleave.
    const done = appending.then(async () => {
      await mkdir(dir, { recursive: true });
      const file = await open(join(dir, CURRENT), 'a');
      try {
        await file.write(line);
        await file.sync();
      } finally {
        await file.close();
      }
    });
    appending = done.catch(() => {});
    await done;
  };

  const replayOnce = async (apply: (entry: JournaledUnsubscribe) => Promise<void>) => {
    const names = await readdir(dir).catch(() => [] as string[]);
    if (names.includes(CURRENT)) {
      await appending;
      await rename(join(dir, CURRENT), join(dir, `replaying-${Date.now()}-${randomUUID()}.ndjson`));
    }
    let done = 0;
    for (const name of (await readdir(dir).catch(() => [] as string[]))
      .filter((n) => n.startsWith('replaying-'))
      .sort()) {
      const path = join(dir, name);
      const entries = (await readFile(path, 'utf8'))
        .split('\n')
        .filter((l) => l.trim() !== '')
        .flatMap((l) => {
          try {
            return [JSON.parse(l) as JournaledUnsubscribe];
          } catch {
            // Only a write torn by a crash before its fsync returned, whose request was never answered 2xx.
            log.warn('unsubscribe journal: a torn line skipped', { file: name });
            return [];
          }
        });
      const left: JournaledUnsubscribe[] = [];
      for (const entry of entries) {
        if (left.length > 0) {
          left.push(entry);
          continue;
        }
        try {
          await apply(entry);
          done++;
        } catch (error) {
          log.warn('unsubscribe journal: replay stopped; kept for the next one', {
            error,
            left: entries.length - done,
          });
          left.push(entry);
        }
      }
      if (left.length === 0) await rm(path);
      else {
        await replaceDurably(path, left.map((e) => `${JSON.stringify(e)}\n`).join(''));
        break;
      }
    }
    return done;
  };

  return {
    append,
    replay(apply) {
      replaying ??= replayOnce(apply).finally(() => {
        replaying = null;
      });
      return replaying;
    },
  };
}
