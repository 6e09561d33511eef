/** Graceful restart (RFC 4724) with FRR 8.4: v6net as helper and as restarting speaker (support/graceful-restart-suite.ts). */
import { defineGracefulRestartSuite } from './support/graceful-restart-suite.js';

defineGracefulRestartSuite('frr', 'FRR 8.4');
