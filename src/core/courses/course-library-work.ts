/**
 * What the course library needs only to import, convert, search or show a course: the bundle and
 * archive readers (yauzl, tar), the Open edX converter (parse5), markdown (marked), the search
 * index (minisearch) and version ordering (semver). CourseLibrary loads this on first use, so a
 * command that only looks a course up (`cohort list` reading a course's rates) does not load them
 * at start.
 */
// One function of semver: its index loads all 47 of its modules.
export { default as semverGt } from 'semver/functions/gt.js';
export { stageBundle } from './bundle-stage';
export { validateBundleDir } from './bundle-validator';
export { CourseSearch } from './course-search';
export { conversionWarnings } from './olx/conversion-report';
export { isConvertedVersion } from './olx/olx-convert';
export { convertExtractedExport, findOlxRoot } from './olx/olx-export';
export { readStepContent } from './step-content';
export { analyzeMarkdown } from './markdown-refs';
export { SavedSearchIndex } from './saved-search-index';
