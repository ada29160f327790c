// The members of the Worker's zod (see zod.ts): zod's own, with `locales` and `core` shadowed — a local export
// wins over `export *`, so the namespace holds an empty object and a core without locales instead.
export * from '../../../node_modules/zod/v4/classic/external.js';

import * as core from './zod-core.js';

export const locales = {};
export { core };
