import type { App } from '../../http/types.js';
import { registerAddListMembers } from './add-members.js';
import { registerCreateList } from './create.js';
import { registerGetList } from './get.js';
import { registerListLists } from './list.js';
import { registerRemoveListMembers } from './remove-members.js';

export function registerListRoutes(app: App) {
  registerCreateList(app);
  registerListLists(app);
  registerGetList(app);
  registerAddListMembers(app);
  registerRemoveListMembers(app);
}
