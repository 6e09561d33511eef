/**
 * The cluster topology for end-to-end runs: every Kubernetes node and both routers in their own network namespace
 * on one shared node segment (a Linux bridge in a switch namespace), and an upstream namespace linked to each router
 * by its own transfer net. Names carry a unique id; `close()` stops every process and deletes every namespace this
 * lab created, by exact name, even after a failed setup.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DaemonContext } from './daemons/context.js';
import { LabError, LabErrorCode } from './errors.js';
import { createVethPair, NamespaceSet, waitAddressUsable } from './netns.js';
import { ProcessRegistry, runCommand } from './processes.js';

export interface ClusterLabSpec {
  /** Prefix of every namespace name, unique per run (e.g. `v6n-e2e-<pid>`). */
  readonly id: string;
  /** Nodes on the segment: address with prefix length, e.g. `2001:db8:ae3:fff0::11/64`. */
  readonly nodes: readonly { readonly name: string; readonly address: string }[];
  readonly routers: readonly {
    readonly name: string;
    /** The router's interface on the node segment and its address with length. */
    readonly segment: { readonly ifName: string; readonly address: string };
    /** The router's uplink interface and address, and the upstream's address on that link (with lengths). */
    readonly uplink: { readonly ifName: string; readonly address: string; readonly upstreamAddress: string };
  }[];
}

const BRIDGE = 'br0';

const withoutLength = (a: string): string => a.split('/')[0]!;

export class ClusterLab {
  readonly registry = new ProcessRegistry();
  readonly dir: string;
  readonly upstreamNamespace: string;
  readonly switchNamespace: string;
  private readonly namespaces = new NamespaceSet();
  private closed = false;

  private constructor(
    readonly spec: ClusterLabSpec,
    dir: string,
  ) {
    this.dir = dir;
    this.switchNamespace = `${spec.id}-sw`;
    this.upstreamNamespace = `${spec.id}-up`;
  }

  /** The namespace of a node or router. */
  namespaceOf(member: string): string {
    return `${this.spec.id}-${member}`;
  }

  /** Builds the topology; on failure removes whatever was created and rethrows. */
  static async create(spec: ClusterLabSpec): Promise<ClusterLab> {
    const lab = new ClusterLab(spec, mkdtempSync(join(tmpdir(), `${spec.id}-`)));
    try {
      await lab.build();
    } catch (error) {
      await lab.close();
      throw error;
    }
    return lab;
  }

  private async build(): Promise<void> {
    const sw = await this.namespaces.create(this.switchNamespace);
    await runCommand('ip', ['-n', sw, 'link', 'add', BRIDGE, 'type', 'bridge']);
    // No multicast snooping surprises for neighbor discovery; no STP delay.
    await runCommand('ip', [
      '-n',
      sw,
      'link',
      'set',
      BRIDGE,
      'type',
      'bridge',
      'mcast_snooping',
      '0',
      'stp_state',
      '0',
    ]);
    await runCommand('ip', ['-n', sw, 'link', 'set', BRIDGE, 'up']);
    const up = await this.namespaces.create(this.upstreamNamespace);
    const members = [
      ...this.spec.nodes.map((n) => ({ name: n.name, ifName: 'eth1', address: n.address })),
      ...this.spec.routers.map((r) => ({ name: r.name, ifName: r.segment.ifName, address: r.segment.address })),
    ];
    let port = 0;
    for (const m of members) {
      const ns = await this.namespaces.create(this.namespaceOf(m.name));
      const swPort = `p${port++}`;
      await createVethPair(
        { namespace: ns, ifName: m.ifName, addresses: [m.address] },
        { namespace: sw, ifName: swPort, addresses: [] },
      );
      await runCommand('ip', ['-n', sw, 'link', 'set', swPort, 'master', BRIDGE]);
    }
    for (const r of this.spec.routers) {
      await createVethPair(
        { namespace: this.namespaceOf(r.name), ifName: r.uplink.ifName, addresses: [r.uplink.address] },
        { namespace: up, ifName: `up-${r.name}`.slice(0, 15), addresses: [r.uplink.upstreamAddress] },
      );
    }
    for (const m of members) await waitAddressUsable(this.namespaceOf(m.name), withoutLength(m.address));
    for (const r of this.spec.routers) {
      await waitAddressUsable(this.namespaceOf(r.name), withoutLength(r.uplink.address));
      await waitAddressUsable(up, withoutLength(r.uplink.upstreamAddress));
    }
  }

  /** A daemon context in a member's (or the upstream's) namespace, with its own directory. */
  context(namespace: string, name: string): DaemonContext {
    if (!this.namespaces.names.includes(namespace)) {
      throw new LabError(LabErrorCode.badInput, `${namespace} is not a namespace of this lab`);
    }
    const dir = join(this.dir, name);
    mkdirSync(dir, { recursive: true });
    return { namespace, dir, registry: this.registry };
  }

  /** Stops every process of this lab (continuing stopped ones first), deletes its namespaces and directory. */
  async close(keepDir = false): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.registry.running) this.registry.signal(p, 'SIGCONT');
    await this.registry.stopAll();
    await this.namespaces.deleteAll();
    if (!keepDir) rmSync(this.dir, { recursive: true, force: true });
  }
}
