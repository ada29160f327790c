import type { App } from '../../http/types';
import { registerCreateKey } from './create';
import { registerListKeys } from './list';
import { registerRevokeKey } from './revoke';

export function registerKeyRoutes(app: App) {
  registerCreateKey(app);
  registerListKeys(app);
  registerRevokeKey(app);
}
