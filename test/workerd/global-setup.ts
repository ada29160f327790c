import type { TestProject } from 'vitest/node';
import { connectPostgres } from '../../src/db/client';
import { migratePostgresUrl } from '../../src/db/migrate';
import { createWorkspace } from '../../src/services/workspaces/create-workspace';
import { createDatabase, dropDatabase } from '../helpers/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    workerdDatabaseUrl: string;
    workerdAdminKey: string;
    workerdWorkspaceId: string;
  }
}

/** A migrated database with one workspace, bound to the Worker as its Hyperdrive in workerd. */
export default async function setup(project: TestProject) {
  const name = `kaifu_workerd_${process.pid}`;
  const url = await createDatabase(name);
  await migratePostgresUrl(url);
  const handle = connectPostgres(url, { max: 1 });
  const created = await createWorkspace(handle.db, { name: 'Workerd', now: new Date() });
  await handle.close();
  project.provide('workerdDatabaseUrl', url);
  project.provide('workerdAdminKey', created.adminKey);
  project.provide('workerdWorkspaceId', created.workspaceId);
  return async () => {
    await dropDatabase(name);
  };
}
