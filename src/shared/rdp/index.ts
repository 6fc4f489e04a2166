export * from './rdp-events';
