export * from '../core/did-you-mean.js';
export * from './json-schema.js';
export * from './load.js';
export * from './plan.js';
export * from './plan-defaults.js';
export type * from './plan-types.js';
export * from './schema.js';
