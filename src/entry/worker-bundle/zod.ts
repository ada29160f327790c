// The Worker's `zod` (wrangler.toml [alias]): zod itself, without the translations of its error messages.
// @hono/zod-openapi passes zod's namespace object to a function (extendZodWithOpenApi(z)), so a bundler must
// keep every member of it, `locales` (and core's `locales`) included: ~260 KB of the Worker for messages Kaifu
// never shows (its errors are English). Node imports the real package; only wrangler's bundle uses these files,
// which import zod by path: the alias rewrites every import that starts with "zod".
import * as z from './zod-members.js';

export * from './zod-members.js';
export { z, z as default };
