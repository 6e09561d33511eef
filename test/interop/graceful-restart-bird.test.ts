/** Graceful restart (RFC 4724) with BIRD 2: v6net as helper and as restarting speaker (support/graceful-restart-suite.ts). */
import { defineGracefulRestartSuite } from './support/graceful-restart-suite.js';

defineGracefulRestartSuite('bird', 'BIRD 2');
