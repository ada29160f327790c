import type { App } from '../../http/types';
import { registerAddListMembers } from './add-members';
import { registerCreateList } from './create';
import { registerGetList } from './get';
import { registerListLists } from './list';
import { registerRemoveListMembers } from './remove-members';

export function registerListRoutes(app: App) {
  registerCreateList(app);
  registerListLists(app);
  registerGetList(app);
  registerAddListMembers(app);
  registerRemoveListMembers(app);
}
