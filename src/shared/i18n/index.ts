export * from './locales';
export { createTranslator, type Translator } from './i18n';
export { en, NAMESPACES, type Namespace, type SourceCatalogue } from './catalogue/en';
export { de } from './catalogue/de';
export * from './message';
export * from './message-wire';
