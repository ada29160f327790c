import { workspaceKeys } from '../../db/queries/keys.js';
import type { Deps } from '../../deps.js';
import { presentKey } from './create-key.js';

export async function listApiKeys({ deps, workspaceId }: { deps: Deps; workspaceId: string }) {
  const rows = await workspaceKeys(deps.db, workspaceId);
  const now = deps.clock.now();
  return rows.map((row) => presentKey(row, now));
}
