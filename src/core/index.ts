export * from './clock.js';
export * from './diagnostic.js';
export * from './errors.js';
export * from './transport.js';
