/**
 * v6net ↔ ExaBGP 4 (no listen ranges of its own; routes read from its JSON API output).
 * The scenarios are in support/v6net-suite.ts; results go to the interop matrix (MATRIX.md).
 */
import { defineDaemonSuite } from './support/v6net-suite.js';

defineDaemonSuite({ daemon: 'exabgp', row: 'ExaBGP 4', daemonRange: false, daemonRangeMd5: false });
