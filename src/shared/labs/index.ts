export * from './lab-status';
export * from './lab-calls';
export * from './check-calls';
export * from './lab-words';
export * from './lab-rates';
