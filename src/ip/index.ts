export * from './errors.js';
export * from './family.js';
export * from './ipv4-address.js';
export * from './ipv4-prefix.js';
export * from './ipv6-address.js';
export * from './ipv6-prefix.js';
export * from './parse.js';
export * from './types.js';
