/** Shared by vitest.config.ts (the Worker's bindings) and the workerd global setup (which seals with it). */
export const WORKERD_SECRET = 'workerd-test-secret-workerd-test-secret';
