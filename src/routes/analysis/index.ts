import type { App } from '../../http/types.js';
import { registerCompareVariants } from './compare.js';
import { registerContactSendTimeByEmail } from './contact-send-time.js';
import { registerOpenRates } from './open-rates.js';
import { registerRecommendations } from './recommendations.js';
import { registerPlanSampleSize } from './sample-size.js';
import { registerSendTimeLift } from './send-time-lift.js';
import { registerSendTimes } from './send-times.js';

export function registerAnalysisRoutes(app: App) {
  registerCompareVariants(app);
  registerPlanSampleSize(app);
  registerOpenRates(app);
  registerRecommendations(app);
  registerSendTimes(app);
  registerSendTimeLift(app);
  registerContactSendTimeByEmail(app);
}
