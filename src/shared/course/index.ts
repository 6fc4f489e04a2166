export * from './course-calls';
export * from './course-library';
export * from './course-manifest';
export * from './course-search-query';
export * from './duration';
export * from './lab-services';
