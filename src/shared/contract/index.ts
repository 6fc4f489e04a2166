export * from './app';
export * from './contract';
export * from './errors';
export * from './settings';
export * from './wire';
