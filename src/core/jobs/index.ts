export * from './backoff';
export * from './crash-points';
export * from './job-errors';
export * from './job-queue';
export * from './job-registry';
export * from './job-store';
export * from './job-worker';
