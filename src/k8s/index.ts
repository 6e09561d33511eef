export * from './objects.js';
export * from './yaml-print.js';
export * from './yaml-read.js';
export * from './objects-core.js';
