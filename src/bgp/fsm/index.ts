export * from './config.js';
export type * from './types.js';
