export * from './vnc-session';
