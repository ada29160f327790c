import { join } from 'node:path';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/client.js';
import { migratePglite, migratePostgresUrl } from '../db/migrate.js';
import { openPglite } from '../db/pglite.js';
import { type CreatedWorkspace, ensureFirstWorkspace } from '../services/workspaces/create-workspace.js';
import { loadOrCreateSecret, lockDataDir } from './data-dir.js';
import { connectNodePostgres } from './postgres-pool.js';

export interface NodeDatabase {
  handle: DatabaseHandle;
  secret: string;
  /** Set when this start created the first workspace. */
  firstWorkspace: CreatedWorkspace | null;
  close(): Promise<void>;
}

/**
 * Opens the database Node runs on — Postgres when DATABASE_URL is set, else PGlite under KAIFU_DATA_DIR —,
 * applies migrations and makes the first workspace if there is none.
 */
export async function openNodeDatabase(config: Config): Promise<NodeDatabase> {
  let handle: DatabaseHandle;
  let secret = config.secret;
  let unlock = () => {};
  if (config.databaseUrl) {
    await migratePostgresUrl(config.databaseUrl);
    handle = connectNodePostgres(config.databaseUrl);
  } else {
    unlock = lockDataDir(config.dataDir);
    try {
      secret ??= loadOrCreateSecret(config.dataDir);
      handle = await openPglite(join(config.dataDir, 'pgdata'));
      await migratePglite(handle);
    } catch (error) {
      unlock();
      throw error;
    }
  }
  if (!secret) throw new Error('KAIFU_SECRET is required with DATABASE_URL');
  const firstWorkspace = await ensureFirstWorkspace({
    db: handle.db,
    input: {
      adminKey: config.adminKey,
      now: new Date(),
      sendgrid: {
        secret,
        apiKey: config.sendgrid.apiKey,
        webhookPublicKey: config.sendgrid.webhookPublicKey,
      },
    },
  });
  return {
    handle,
    secret,
    firstWorkspace,
    close: async () => {
      await handle.close();
      unlock();
    },
  };
}

/** Tells the operator the generated admin key once, on the terminal, never through the log. */
export function announceFirstWorkspace(created: CreatedWorkspace | null, keyFromEnv: boolean): void {
  if (!created) return;
  const lines = keyFromEnv
    ? [`Created workspace ${created.workspaceId}; its admin key is the KAIFU_ADMIN_KEY you set.`]
    : [
        `Created workspace ${created.workspaceId} with this admin key (shown once, store it now):`,
        '',
        `    ${created.adminKey}`,
      ];
  process.stderr.write(`\n${lines.join('\n')}\n\n`);
}
