import type { App } from '../../http/types.js';
import { registerKpiFunnel } from './funnel.js';
import { registerKpiPlan } from './plan.js';
import { registerKpiTargets } from './targets.js';

export function registerKpiRoutes(app: App) {
  registerKpiFunnel(app);
  registerKpiTargets(app);
  registerKpiPlan(app);
}
