/**
 * What a lab run needs from the machine: root (network namespaces) and the daemon binaries. Tests use this to skip
 * with a precise reason outside CI, and to fail inside CI.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { birdcPath, birdPath } from './daemons/bird.js';
import { exabgpPath } from './daemons/exabgp.js';
import { frrBgpdPath, vtyshPath } from './daemons/frr.js';
import { gobgpCliPath, gobgpdPath } from './daemons/gobgp.js';
import type { LabDaemonKind } from './daemons/types.js';

/** The binaries each daemon kind needs (v6net itself needs only node). */
export const daemonBinaries: Readonly<Record<Exclude<LabDaemonKind, 'v6net'>, readonly string[]>> = {
  frr: [frrBgpdPath, vtyshPath],
  bird: [birdPath, birdcPath],
  gobgp: [gobgpdPath, gobgpCliPath],
  exabgp: [exabgpPath, '/usr/bin/python3'],
};

/** The full path of an executable (absolute, or found on PATH plus the sbin folders), or undefined. */
export function findExecutable(name: string, pathEnv = process.env['PATH'] ?? ''): string | undefined {
  const candidates = isAbsolute(name)
    ? [name]
    : [...pathEnv.split(delimiter), '/usr/sbin', '/sbin', '/usr/bin'].filter((d) => d !== '').map((d) => join(d, name));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Try the next folder.
    }
  }
  return undefined;
}

/** Binaries of `kind` that are missing on this machine. */
export function missingBinaries(kind: keyof typeof daemonBinaries): string[] {
  return daemonBinaries[kind].filter((name) => findExecutable(name) === undefined);
}

/** Why lab runs cannot happen here (not root, no `ip`), or undefined when they can. */
export function labUnavailableReason(): string | undefined {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    return 'lab tests need root (network namespaces); run as root or in CI';
  }
  if (findExecutable('ip') === undefined) return 'the ip command (iproute2) is missing';
  return undefined;
}
