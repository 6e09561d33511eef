/**
 * v6net ↔ GoBGP 3 (dynamic-neighbors; GoBGP puts no MD5 key on dynamic neighbors, so its range is tested without one).
 * The scenarios are in support/v6net-suite.ts; results go to the interop matrix (MATRIX.md).
 */
import { defineDaemonSuite } from './support/v6net-suite.js';

defineDaemonSuite({ daemon: 'gobgp', row: 'GoBGP 3', daemonRange: true, daemonRangeMd5: false });
