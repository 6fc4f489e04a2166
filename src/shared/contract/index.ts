export * from './app';
export * from './cloud-calls';
export * from './contract';
export * from './errors';
export * from './settings';
export * from './wire';
export * from './session-calls';
