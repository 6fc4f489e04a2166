import 'i18next';
import type { SourceCatalogue } from './catalogue/en';

// Keys are checked by the compiler: `t('ui:lab.suspend')` fails to build when the English catalogue lacks it.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'ui';
    resources: SourceCatalogue;
  }
}
