export * from './model.js';
export * from './parser.js';
export * from './printer.js';
export * from './translate.js';
export * from './translate-policy.js';
export * from './compat.js';
