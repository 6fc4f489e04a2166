export * from './stream-protocol';
export * from './session-status';
export * from './ack-batcher';
export * from './workspace-tabs';
