import type { App } from '../../http/types';
import { registerCompareVariants } from './compare';
import { registerOpenRates } from './open-rates';
import { registerRecommendations } from './recommendations';
import { registerPlanSampleSize } from './sample-size';

export function registerAnalysisRoutes(app: App) {
  registerCompareVariants(app);
  registerPlanSampleSize(app);
  registerOpenRates(app);
  registerRecommendations(app);
}
