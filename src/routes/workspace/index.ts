import type { App } from '../../http/types';
import { registerGetWorkspace } from './get';
import { registerUpdateSendgrid } from './sendgrid';
import { registerUpdateWorkspace } from './update';

export function registerWorkspaceRoutes(app: App) {
  registerGetWorkspace(app);
  registerUpdateWorkspace(app);
  registerUpdateSendgrid(app);
}
