/**
 * v6net ↔ FRR 8.4 bgpd (no zebra). Includes the FRR listen range (bgp listen range … peer-group: FRR never dials, v6net must).
 * The scenarios are in support/v6net-suite.ts; results go to the interop matrix (MATRIX.md).
 */
import { defineDaemonSuite } from './support/v6net-suite.js';

defineDaemonSuite({ daemon: 'frr', row: 'FRR 8.4', daemonRange: true, daemonRangeMd5: true });
