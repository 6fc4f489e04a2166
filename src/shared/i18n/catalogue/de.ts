import type { Translation } from './catalogue';
import type { SourceCatalogue } from './en';

/** German. */
export const de: Translation<SourceCatalogue> = {
  common: {
    appName: 'Lab Console',
  },
  ui: {},
  cli: {},
};
