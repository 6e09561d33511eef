export * from './from-frr.js';
export * from './from-vyos.js';
export * from './model.js';
export * from './peers.js';
export * from './policy-eval.js';
