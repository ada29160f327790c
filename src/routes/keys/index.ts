import type { App } from '../../http/types.js';
import { registerCreateKey } from './create.js';
import { registerListKeys } from './list.js';
import { registerRevokeKey } from './revoke.js';

export function registerKeyRoutes(app: App) {
  registerCreateKey(app);
  registerListKeys(app);
  registerRevokeKey(app);
}
