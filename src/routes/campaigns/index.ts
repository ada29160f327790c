import type { App } from '../../http/types';
import { registerCancelCampaign } from './cancel';
import { registerCreateCampaign } from './create';
import { registerGetCampaign } from './get';
import { registerListCampaigns } from './list';
import { registerCampaignOutbox } from './outbox';
import { registerCampaignReport } from './report';
import { registerScheduleCampaign } from './schedule';
import { registerTestSend } from './test-send';
import { registerResolveUncertain } from './uncertain';
import { registerUpdateCampaign } from './update';

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
