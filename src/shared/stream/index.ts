export * from './stream-protocol';
export * from './ack-batcher';
