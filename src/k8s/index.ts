export * from './objects.js';
export * from './yaml-print.js';
