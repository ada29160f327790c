import type { App } from '../../http/types.js';
import { registerGetWorkspace } from './get.js';
import { registerUpdateSendgrid } from './sendgrid.js';
import { registerUpdateWorkspace } from './update.js';

export function registerWorkspaceRoutes(app: App) {
  registerGetWorkspace(app);
  registerUpdateWorkspace(app);
  registerUpdateSendgrid(app);
}
