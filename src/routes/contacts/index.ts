import type { App } from '../../http/types.js';
import { registerEraseContact } from './erase.js';
import { registerGetContact } from './get.js';
import { registerImportContacts } from './import.js';
import { registerListContacts } from './list.js';
import { registerContactSendTime } from './send-time.js';

export function registerContactRoutes(app: App) {
  registerImportContacts(app);
  registerListContacts(app);
  registerGetContact(app);
  registerEraseContact(app);
  registerContactSendTime(app);
}
