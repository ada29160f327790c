import type { App } from '../../http/types';
import { registerClick } from './click';
import { registerPixel } from './pixel';
import { registerUnsubscribe } from './unsubscribe';

export function registerTrackingRoutes(app: App) {
  registerPixel(app);
  registerClick(app);
  registerUnsubscribe(app);
}
