export * from './objects.js';
export * from './yaml-print.js';
export * from './yaml-read.js';
