/**
 * The agent's reconciler (reference §2 agent side, §8): the node's desired state → the calls that bring a speaker
 * there. Instances are keyed by name (a changed ASN, router ID or listen port recreates the instance); peers by
 * address (any change of a peer's settings re-adds it: the speaker has no in-place update, so a change Cilium would
 * apply softly resets the session here); routes per peer are replaced when they differ. Reconciling twice plans
 * nothing the second time.
 */
import type { BgpFamily, RouteConfig } from '../../bgp/speaker/config-types.js';
import { communityNumeric, communityValue } from './advertisements.js';
import type { BgpControlPort, PortInstanceSpec, PortPeerSpec, RunningInstance } from './port.js';
import type { DesiredInstance, DesiredPeer, NodeDesiredState } from './types.js';

export type ReconcileAction =
  | { readonly action: 'createInstance'; readonly spec: PortInstanceSpec }
  | { readonly action: 'deleteInstance'; readonly name: string }
  | { readonly action: 'addPeer'; readonly instance: string; readonly peer: PortPeerSpec }
  | { readonly action: 'removePeer'; readonly instance: string; readonly address: string }
  | {
      readonly action: 'setPeerRoutes';
      readonly instance: string;
      readonly address: string;
      readonly routes: readonly RouteConfig[];
    };

export interface ReconcilePlan {
  readonly actions: readonly ReconcileAction[];
  /** Desired things the speaker cannot do (e.g. peerASN 0). */
  readonly problems: readonly { readonly code: string; readonly object: string; readonly message: string }[];
}

const FAMILY_OF: Readonly<Record<string, BgpFamily>> = { ipv6: 'ipv6-unicast', ipv4: 'ipv4-unicast' };

export function instanceSpec(i: DesiredInstance): PortInstanceSpec {
  return {
    name: i.name,
    asn: i.localAsn,
    routerId: i.routerId,
    ...(i.localPort !== undefined ? { localPort: i.localPort } : {}),
  };
}

/** The speaker's peer settings for a desired peer. */
export function peerSpec(p: DesiredPeer, password: string | undefined): PortPeerSpec {
  const families = [
    ...new Set(
      p.families
        .filter((f) => f.safi === 'unicast')
        .map((f) => FAMILY_OF[f.afi])
        .filter((f): f is BgpFamily => f !== undefined),
    ),
  ];
  return {
    name: p.name,
    address: p.address,
    asn: p.peerAsn,
    port: p.port,
    ...(p.localAddress !== undefined ? { localAddress: p.localAddress } : {}),
    holdTimeSec: p.holdTimeSec,
    keepaliveTimeSec: p.keepaliveTimeSec,
    connectRetrySec: p.connectRetrySec,
    ...(p.ttl !== undefined ? { ttl: p.ttl } : {}),
    ...(password !== undefined ? { password } : {}),
    ...(p.gracefulRestart !== undefined ? { gracefulRestart: p.gracefulRestart } : {}),
    families,
  };
}

/**
 * The routes a peer is sent: every path of its families, next hop `self` (the session's local address, §8.3),
 * communities in numeric form, LOCAL_PREF only when set and the peer is not eBGP. Sorted by prefix.
 */
export function peerRoutes(p: DesiredPeer): RouteConfig[] {
  const byPrefix = new Map<string, RouteConfig>();
  for (const f of p.advertised) {
    for (const path of f.paths) {
      byPrefix.set(path.prefix, {
        prefix: path.prefix,
        nextHop: 'self',
        communities: path.communities.map((c) => communityNumeric(communityValue(c) ?? 0)),
        largeCommunities: [...path.largeCommunities],
        ...(path.localPref !== undefined ? { localPref: path.localPref } : {}),
        origin: path.origin,
        asPath: [],
      });
    }
  }
  return [...byPrefix.values()].sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function planReconcile(desired: NodeDesiredState, running: ReadonlyMap<string, RunningInstance>): ReconcilePlan {
  const actions: ReconcileAction[] = [];
  const problems: { code: string; object: string; message: string }[] = [];
  const wanted = new Map(desired.instances.map((i) => [i.name, i]));
  for (const name of running.keys()) if (!wanted.has(name)) actions.push({ action: 'deleteInstance', name });
  for (const inst of desired.instances) {
    const spec = instanceSpec(inst);
    let current = running.get(inst.name);
    if (current !== undefined && !same(current.spec, spec)) {
      actions.push({ action: 'deleteInstance', name: inst.name });
      current = undefined;
    }
    if (current === undefined) actions.push({ action: 'createInstance', spec });
    const peers = new Map<string, DesiredPeer>();
    for (const p of inst.peers) {
      if (p.peerAsn === 0) {
        problems.push({
          code: 'E_AGENT_PEER_ASN_ANY',
          object: `${inst.name}/${p.name}`,
          message: `peer ${p.name}: peerASN 0 (accept any AS) is not supported by the v6net speaker; the peer is not configured`,
        });
        continue;
      }
      peers.set(p.address, p);
    }
    for (const address of current?.peers.keys() ?? []) {
      if (!peers.has(address)) actions.push({ action: 'removePeer', instance: inst.name, address });
    }
    const keepRoutes = inst.reconcileErrors.length > 0;
    for (const [address, p] of peers) {
      const ps = peerSpec(p, desired.passwords.get(`${inst.name}/${address}`));
      const have = current?.peers.get(address);
      let routes = peerRoutes(p);
      if (keepRoutes) routes = [...(have?.routes ?? [])]; // Cilium keeps the previous advertisements on errors
      if (have !== undefined && same(have.spec, ps)) {
        if (!same(have.routes, routes)) actions.push({ action: 'setPeerRoutes', instance: inst.name, address, routes });
        continue;
      }
      if (have !== undefined) actions.push({ action: 'removePeer', instance: inst.name, address });
      // Routes first, then the session: the initial UPDATEs plus End-of-RIB are complete (neighbor.go priority).
      actions.push({ action: 'addPeer', instance: inst.name, peer: ps });
      if (routes.length > 0) actions.push({ action: 'setPeerRoutes', instance: inst.name, address, routes });
    }
  }
  return { actions, problems };
}

export async function applyReconcile(actions: readonly ReconcileAction[], port: BgpControlPort): Promise<void> {
  for (const a of actions) {
    switch (a.action) {
      case 'createInstance':
        await port.createInstance(a.spec);
        break;
      case 'deleteInstance':
        await port.deleteInstance(a.name);
        break;
      case 'addPeer':
        port.addPeer(a.instance, a.peer);
        break;
      case 'removePeer':
        port.removePeer(a.instance, a.address);
        break;
      case 'setPeerRoutes':
        port.setPeerRoutes(a.instance, a.address, a.routes);
        break;
      default: {
        const never: never = a;
        throw new Error(`unknown action ${JSON.stringify(never)}`);
      }
    }
  }
}

/** Plans and applies; returns the plan. */
export async function reconcileNode(desired: NodeDesiredState, port: BgpControlPort): Promise<ReconcilePlan> {
  const plan = planReconcile(desired, port.running());
  await applyReconcile(plan.actions, port);
  return plan;
}
