export * from './terminal';
export * from './checks';
