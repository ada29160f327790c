import { asc, eq } from 'drizzle-orm';
import { apiKeys } from '../../db/schema/index.js';
import type { Deps } from '../../deps.js';
import { presentKey } from './create-key.js';

export async function listApiKeys({ deps, workspaceId }: { deps: Deps; workspaceId: string }) {
  const rows = await deps.db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(asc(apiKeys.id));
  const now = deps.clock.now();
  return rows.map((row) => presentKey(row, now));
}
