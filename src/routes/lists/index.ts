import type { App } from '../../http/types';
import { registerCreateList } from './create';
import { registerListLists } from './list';
import { registerListMembers } from './members';

export function registerListRoutes(app: App) {
  registerCreateList(app);
  registerListLists(app);
  registerListMembers(app);
}
