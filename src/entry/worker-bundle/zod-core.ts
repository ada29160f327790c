// `z.core` for the Worker's zod (see zod.ts): zod's core, its `locales` namespace shadowed the same way.
export * from '../../../node_modules/zod/v4/core/index.js';

export const locales = {};
