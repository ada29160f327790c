import type { App } from '../../http/types';
import { registerCancelCampaign } from './cancel';
import { registerCreateCampaign } from './create';
import { registerGetCampaign } from './get';
import { registerListCampaigns } from './list';
import { registerScheduleCampaign } from './schedule';
import { registerUpdateCampaign } from './update';

export function registerCampaignRoutes(app: App) {
  registerCreateCampaign(app);
  registerListCampaigns(app);
  registerGetCampaign(app);
  registerUpdateCampaign(app);
  registerScheduleCampaign(app);
  registerCancelCampaign(app);
}
