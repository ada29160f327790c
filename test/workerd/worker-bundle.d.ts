// The deploy bundle (vitest.config.ts builds it and aliases this name to it): the Worker as wrangler uploads it.
declare module 'kaifu:worker-bundle' {
  import type { WorkerEnv } from '../../src/entry/worker.js';

  const worker: ExportedHandler<WorkerEnv> & {
    fetch: NonNullable<ExportedHandler<WorkerEnv>['fetch']>;
    scheduled: NonNullable<ExportedHandler<WorkerEnv>['scheduled']>;
  };
  export default worker;
}
