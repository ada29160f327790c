import { asc, eq } from 'drizzle-orm';
import { apiKeys } from '../../db/schema';
import type { Deps } from '../../deps';
import { presentKey } from './create-key';

export async function listApiKeys({ deps, workspaceId }: { deps: Deps; workspaceId: string }) {
  const rows = await deps.db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, workspaceId))
    .orderBy(asc(apiKeys.id));
  const now = deps.clock.now();
  return rows.map((row) => presentKey(row, now));
}
