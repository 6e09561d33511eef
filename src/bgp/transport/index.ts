export * from './passive-peers.js';
export * from './sockaddr.js';
export * from './socket-options.js';
export * from './tcp-transport.js';
export type * from './types.js';
export { MD5_MAX_KEY_BYTES } from './types.js';
export * from './memory-transport.js';
