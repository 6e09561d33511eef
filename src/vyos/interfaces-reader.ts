/**
 * Addresses per interface from `interfaces` (ethernet with `vif` sub-interfaces, loopback, dummy, bonding, bridge,
 * wireguard). A vif `<n>` of `eth1` is reported as interface `eth1.<n>` (the Linux name VyOS creates).
 */
import type { SourcePosition } from '../core/diagnostic.js';
import { dropUndefined } from './read-helpers.js';
import type { Located, VyosTree } from './tree.js';

export interface VyosInterface {
  /** VyOS type node: `ethernet`, `loopback`, `dummy`, `bonding`, `bridge`, `wireguard`, … */
  readonly type: string;
  /** Linux interface name (`eth1`, `eth1.2502`, `lo`, `dum0`). */
  readonly name: string;
  /** Parent interface name for a vif. */
  readonly parent?: string;
  readonly vlanId?: number;
  readonly source?: SourcePosition;
  readonly addresses: readonly Located<string>[];
  readonly description?: Located<string>;
  readonly mtu?: Located<string>;
  readonly disabled: boolean;
}

export function readVyosInterfaces(tree: VyosTree): VyosInterface[] {
  const out: VyosInterface[] = [];
  for (const typeNode of tree.children(['interfaces'])) {
    const type = typeNode.name;
    for (const ifNode of tree.children(['interfaces', type])) {
      const base = ['interfaces', type, ifNode.name];
      out.push(readOne(tree, type, ifNode.name, base));
      for (const vifNode of tree.children([...base, 'vif'])) {
        const vlan = /^\d+$/.test(vifNode.name) ? Number(vifNode.name) : undefined;
        out.push({
          ...readOne(tree, type, `${ifNode.name}.${vifNode.name}`, [...base, 'vif', vifNode.name]),
          ...dropUndefined({ parent: ifNode.name, vlanId: vlan }),
        });
      }
    }
  }
  return out;
}

function readOne(tree: VyosTree, type: string, name: string, path: string[]): VyosInterface {
  return dropUndefined({
    type,
    name,
    source: tree.get(path)?.source,
    addresses: tree.locatedValues([...path, 'address']),
    description: tree.located([...path, 'description']),
    mtu: tree.located([...path, 'mtu']),
    disabled: tree.exists([...path, 'disable']),
  });
}
