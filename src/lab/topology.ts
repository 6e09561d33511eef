/**
 * The two-node lab link: two network namespaces joined by a veth pair with one address each in 2001:db8:0:1::/64.
 * Namespaces are isolated, so every lab can reuse the same addresses; names carry a unique id.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DaemonContext } from './daemons/context.js';
import { createVethPair, NamespaceSet, setBlackhole, setLinkUp, waitAddressUsable } from './netns.js';
import { ProcessRegistry } from './processes.js';

export const labLinkPrefix = '2001:db8:0:1::/64';

export interface LabNode {
  readonly namespace: string;
  readonly ifName: string;
  readonly address: string;
}

export class LinkLab {
  readonly registry = new ProcessRegistry();
  private readonly namespaces = new NamespaceSet();
  readonly left: LabNode;
  readonly right: LabNode;
  /** A fresh directory for this lab's configs, sockets and logs (kept on failure for post-mortems if asked). */
  readonly dir: string;
  private closed = false;
  private readonly silenced = new Set<LabNode>();

  private constructor(id: string, dir: string) {
    this.dir = dir;
    this.left = { namespace: `${id}-a`, ifName: 'lab0', address: '2001:db8:0:1::1' };
    this.right = { namespace: `${id}-b`, ifName: 'lab0', address: '2001:db8:0:1::2' };
  }

  /** Creates `<id>-a` and `<id>-b` joined by a link; on failure removes whatever was created. */
  static async create(id: string): Promise<LinkLab> {
    const dir = mkdtempSync(join(tmpdir(), `${id}-`));
    const lab = new LinkLab(id, dir);
    try {
      await lab.namespaces.create(lab.left.namespace);
      await lab.namespaces.create(lab.right.namespace);
      await createVethPair(
        { namespace: lab.left.namespace, ifName: lab.left.ifName, addresses: [`${lab.left.address}/64`] },
        { namespace: lab.right.namespace, ifName: lab.right.ifName, addresses: [`${lab.right.address}/64`] },
      );
      await waitAddressUsable(lab.left.namespace, lab.left.address);
      await waitAddressUsable(lab.right.namespace, lab.right.address);
    } catch (error) {
      await lab.close();
      throw error;
    }
    return lab;
  }

  /** A context for a daemon on `node`, with its own subdirectory `name`. */
  context(node: LabNode, name: string): DaemonContext {
    const dir = join(this.dir, name);
    mkdirSync(dir, { recursive: true });
    return { namespace: node.namespace, dir, registry: this.registry };
  }

  /** Cuts (or restores) the link from `node`'s side: packets stop, nobody gets a FIN or a NOTIFICATION. */
  async setLink(node: LabNode, up: boolean): Promise<void> {
    await setLinkUp(node.namespace, node.ifName, up);
  }

  /**
   * Silences `node` (or lets it talk again): everything it sends to the other node is dropped, and so are its
   * answers, so the other side hears nothing at all — no FIN, no NOTIFICATION, no carrier change — until its hold
   * timer fires.
   */
  async silence(node: LabNode, on = true): Promise<void> {
    const other = node === this.left ? this.right : this.left;
    if (on === this.silenced.has(node)) return;
    await setBlackhole(node.namespace, `${other.address}/128`, on);
    if (on) this.silenced.add(node);
    else this.silenced.delete(node);
  }

  /** Stops every process and lifts every silence: the link is as new, ready for the next scenario. */
  async reset(): Promise<void> {
    await this.registry.stopAll();
    for (const node of [...this.silenced]) await this.silence(node, false);
  }

  /** Stops every process of this lab, deletes both namespaces and (unless `keepDir`) the directory. */
  async close(keepDir = false): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.registry.stopAll();
    await this.namespaces.deleteAll();
    if (!keepDir) rmSync(this.dir, { recursive: true, force: true });
  }
}
