import { createApp } from '../app.js';
import type { Deps } from '../deps.js';
import type { App } from '../http/types.js';
import { registerDocsAssets } from './docs-assets.js';

/** The app as Node serves it: the runtime-neutral app, plus the files Static Assets serve on Workers. */
export function createNodeApp(deps: Deps): App {
  const app = createApp(deps);
  registerDocsAssets(app);
  return app;
}
