export * from './cohort-lab';
export * from './cohort-calls';
export * from './cohort-scores';
export * from './cohort-report';
