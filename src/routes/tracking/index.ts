import type { App } from '../../http/types.js';
import { registerClick } from './click.js';
import { documentTrackingRoutes } from './document.js';
import { registerPixel } from './pixel.js';
import { registerUnsubscribe } from './unsubscribe.js';

export function registerTrackingRoutes(app: App) {
  registerPixel(app);
  registerClick(app);
  registerUnsubscribe(app);
  documentTrackingRoutes(app);
}
