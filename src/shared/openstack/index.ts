export * from './cloud-summary';
export * from './cloud-check';
export * from './stack';
export * from './stored-cloud';
export * from './cloud-health';
export * from './cloud-problem-words';
