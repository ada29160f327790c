import type { App } from '../../http/types.js';
import { registerCancelCampaign } from './cancel.js';
import { registerCreateCampaign } from './create.js';
import { registerGetCampaign } from './get.js';
import { registerListCampaigns } from './list.js';
import { registerCampaignOutbox } from './outbox.js';
import { registerCampaignReport } from './report.js';
import { registerScheduleCampaign } from './schedule.js';
import { registerTestSend } from './test-send.js';
import { registerResolveUncertain } from './uncertain.js';
import { registerUpdateCampaign } from './update.js';

export function registerCampaignRoutes(app: App) {
  registerCreateCampaign(app);
  registerListCampaigns(app);
  registerGetCampaign(app);
  registerUpdateCampaign(app);
  registerScheduleCampaign(app);
  registerCancelCampaign(app);
  registerCampaignOutbox(app);
  registerTestSend(app);
  registerResolveUncertain(app);
  registerCampaignReport(app);
}
