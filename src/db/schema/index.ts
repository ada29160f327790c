export * from './audience.js';
export * from './campaigns.js';
export * from './engagement.js';
export * from './platform.js';
