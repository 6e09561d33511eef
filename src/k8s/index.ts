export * from './objects.js';
export * from './yaml-print.js';
export * from './yaml-read.js';
export * from './objects-core.js';
export * from './kinds.js';
export * from './decode.js';
export { K8sFormat } from './schemas/common.js';
