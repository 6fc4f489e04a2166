export * from './lab-status';
export * from './lab-calls';
