/**
 * v6net ↔ BIRD 2.0 (dynamic BGP: neighbor range).
 * The scenarios are in support/v6net-suite.ts; results go to the interop matrix (MATRIX.md).
 */
import { defineDaemonSuite } from './support/v6net-suite.js';

defineDaemonSuite({ daemon: 'bird', row: 'BIRD 2.0', daemonRange: true, daemonRangeMd5: true });
