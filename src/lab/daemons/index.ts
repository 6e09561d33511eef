import { startBird } from './bird.js';
import type { DaemonContext } from './context.js';
import { startExabgp } from './exabgp.js';
import { startFrr } from './frr.js';
import { startGobgp } from './gobgp.js';
import type { LabDaemon, LabDaemonConfig, LabDaemonKind } from './types.js';
import { startV6net } from './v6net.js';

export type { DaemonContext } from './context.js';
export * from './types.js';

/** Starts a daemon of `kind` with `config` in `ctx` and resolves once it answers queries. */
export function startDaemon(kind: LabDaemonKind, config: LabDaemonConfig, ctx: DaemonContext): Promise<LabDaemon> {
  switch (kind) {
    case 'frr':
      return startFrr(config, ctx);
    case 'bird':
      return startBird(config, ctx);
    case 'gobgp':
      return startGobgp(config, ctx);
    case 'exabgp':
      return startExabgp(config, ctx);
    case 'v6net':
      return startV6net(config, ctx);
    default: {
      const never: never = kind;
      throw new Error(`unknown daemon kind ${String(never)}`);
    }
  }
}
