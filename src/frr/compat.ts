/**
 * Which statements of an FrrConfig a given FRR release will refuse. VyOS's templates can emit lines that
 * Debian 12's FRR 8.4 does not know (reference §4.4, each verified here with `bgpd -C` on 8.4.4): `neighbor …
 * capability software-version`, `neighbor … path-attribute discard|treat-as-withdraw`, `bgp labeled-unicast …`,
 * `bgp tcp-keepalive …` (all from 9.0 or later), and a bare `bgp graceful-restart` printed after neighbors (the
 * `vyos` layout; use the `debian-frr` layout instead).
 */
import type { Diagnostic, SourcePosition } from '../core/diagnostic.js';
import type { FrrConfig, FrrStatement } from './model.js';
import type { FrrLayout } from './printer.js';

export interface FrrCompatOptions {
  /** `major.minor` of the FRR that will load the file, e.g. `8.4` or `9.1`. */
  readonly frrVersion: string;
  readonly layout?: FrrLayout;
}

interface Rule {
  readonly scope: 'router' | 'peer';
  readonly prefix: readonly string[];
  /** First release that accepts the statement. */
  readonly since: readonly [number, number];
}

const RULES: readonly Rule[] = [
  { scope: 'peer', prefix: ['capability', 'software-version'], since: [9, 0] },
  { scope: 'peer', prefix: ['path-attribute'], since: [9, 0] },
  { scope: 'router', prefix: ['bgp', 'labeled-unicast'], since: [9, 0] },
  { scope: 'router', prefix: ['bgp', 'tcp-keepalive'], since: [9, 0] },
];

function parseVersion(v: string): [number, number] {
  const m = /^(\d+)(?:\.(\d+))?/.exec(v);
  return m ? [Number(m[1]), Number(m[2] ?? 0)] : [0, 0];
}

const older = (a: [number, number], b: readonly [number, number]): boolean =>
  a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
const startsWith = (s: FrrStatement, prefix: readonly string[]): boolean => prefix.every((w, i) => s[i] === w);

export function checkFrrCompatibility(config: FrrConfig, options: FrrCompatOptions): Diagnostic[] {
  const version = parseVersion(options.frrVersion);
  const out: Diagnostic[] = [];
  const report = (path: (string | number)[], s: FrrStatement, since: string, source?: SourcePosition): void => {
    const d: Diagnostic = {
      code: 'W_FRR_UNSUPPORTED_BY_VERSION',
      severity: 'warning',
      message: `FRR ${options.frrVersion} does not accept '${s.join(' ')}' (needs ${since})`,
      path,
      hint: 'drop the option, or run an FRR release that has it',
    };
    out.push(source === undefined ? d : { ...d, source });
  };
  config.routerBgp.forEach((rb, i) => {
    for (const s of rb.statements) {
      for (const r of RULES) {
        if (r.scope === 'router' && startsWith(s, r.prefix) && older(version, r.since)) {
          report(['routerBgp', i, 'statements', s.join(' ')], s, `FRR ${r.since.join('.')}`, rb.source);
        }
      }
      const bareGr = s.length === 2 && s[0] === 'bgp' && s[1] === 'graceful-restart';
      const hasPeers = rb.neighbors.length + rb.peerGroups.length > 0;
      if (bareGr && hasPeers && (options.layout ?? 'vyos') === 'vyos' && older(version, [9, 0])) {
        report(['routerBgp', i, 'statements', s.join(' ')], s, "the 'debian-frr' layout (before neighbors)", rb.source);
      }
    }
    for (const peer of [...rb.peerGroups, ...rb.neighbors]) {
      for (const s of peer.statements) {
        for (const r of RULES) {
          if (r.scope === 'peer' && startsWith(s, r.prefix) && older(version, r.since)) {
            report(['routerBgp', i, 'neighbor', peer.name, s.join(' ')], s, `FRR ${r.since.join('.')}`, peer.source);
          }
        }
      }
    }
  });
  return out;
}
