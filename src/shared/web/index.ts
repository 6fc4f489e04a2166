export * from './web-session';
