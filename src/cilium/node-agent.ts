/**
 * One node's Cilium BGP control plane over time: each new set of cluster objects (the artifacts, read again when they
 * change) is fed to LB-IPAM as events (pools and Services added, changed, removed — so Services keep their IPs when
 * others come and go), planned for the node, and reconciled onto the speaker through the port.
 */
import type { K8sService } from '../k8s/objects-core.js';
import type { CiliumLoadBalancerIpPool } from '../k8s/kinds.js';
import type { BgpControlPort } from './agent/port.js';
import { type ReconcilePlan, reconcileNode } from './agent/reconciler.js';
import type { CiliumClusterObjects } from './cluster-state.js';
import { LbIpam } from './lbipam/lb-ipam.js';
import { type NodePlan, type NodePlanOptions, planNode } from './node-plan.js';

const serviceKey = (s: K8sService) => `${s.metadata.namespace ?? 'default'}/${s.metadata.name}`;
const json = (x: unknown) => JSON.stringify(x);

export interface NodeAgentUpdate {
  readonly plan: NodePlan;
  readonly reconcile: ReconcilePlan;
}

export class NodeAgent {
  readonly #lbIpam: LbIpam;
  #pools = new Map<string, CiliumLoadBalancerIpPool>();
  #services = new Map<string, K8sService>();
  #synced = false;

  constructor(
    readonly node: string,
    readonly options: NodePlanOptions,
    readonly port: BgpControlPort,
  ) {
    this.#lbIpam = new LbIpam(options.lbIpam);
  }

  /** Feeds LB-IPAM the differences to the previous objects, in a fixed order (pools, then Services). */
  #syncLbIpam(objects: CiliumClusterObjects): void {
    const pools = new Map(objects.pools.map((p) => [p.metadata.name, p]));
    const services = new Map(objects.services.map((s) => [serviceKey(s), s]));
    if (!this.#synced) {
      this.#lbIpam.sync(objects.pools, objects.services);
      this.#synced = true;
    } else {
      for (const [name, p] of pools) if (json(this.#pools.get(name)) !== json(p)) this.#lbIpam.upsertPool(p);
      for (const name of this.#pools.keys()) if (!pools.has(name)) this.#lbIpam.deletePool(name);
      for (const [key, s] of this.#services) {
        if (!services.has(key)) this.#lbIpam.deleteService(s.metadata.namespace ?? 'default', s.metadata.name);
      }
      for (const [key, s] of services) if (json(this.#services.get(key)) !== json(s)) this.#lbIpam.upsertService(s);
    }
    this.#pools = pools;
    this.#services = services;
  }

  /** Plans the node for `objects` (LB-IPAM state carried over from earlier calls) without touching the speaker. */
  plan(objects: CiliumClusterObjects): NodePlan {
    this.#syncLbIpam(objects);
    return planNode(objects, this.node, this.options, this.#lbIpam.result());
  }

  async update(objects: CiliumClusterObjects): Promise<NodeAgentUpdate> {
    const plan = this.plan(objects);
    const reconcile = await reconcileNode(plan.desired, this.port);
    return { plan, reconcile };
  }
}
