export * from './codes.js';
export * from './collision.js';
export * from './config.js';
export * from './damping.js';
export * from './open-validation.js';
export * from './step.js';
export type * from './types.js';
