import type { App } from '../../http/types';
import { registerAddSuppressions } from './add';
import { registerListSuppressions } from './list';
import { registerRemoveSuppressions } from './remove';

export function registerSuppressionRoutes(app: App) {
  registerAddSuppressions(app);
  registerListSuppressions(app);
  registerRemoveSuppressions(app);
}
