export * from './cohort-lab';
export * from './cohort-calls';
