import type { App } from '../../http/types.js';
import { registerAddSuppressions } from './add.js';
import { registerListSuppressions } from './list.js';
import { registerRemoveSuppressions } from './remove.js';

export function registerSuppressionRoutes(app: App) {
  registerAddSuppressions(app);
  registerListSuppressions(app);
  registerRemoveSuppressions(app);
}
