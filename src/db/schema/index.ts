export * from './audience';
export * from './campaigns';
export * from './engagement';
export * from './platform';
