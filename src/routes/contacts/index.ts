import type { App } from '../../http/types';
import { registerEraseContact } from './erase';
import { registerGetContact } from './get';
import { registerImportContacts } from './import';
import { registerListContacts } from './list';
import { registerContactSendTime } from './send-time';

export function registerContactRoutes(app: App) {
  registerImportContacts(app);
  registerListContacts(app);
  registerGetContact(app);
  registerEraseContact(app);
  registerContactSendTime(app);
}
