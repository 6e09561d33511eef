/**
 * Which configuration a router applies to a session, the way VyOS/FRR decide it (reference §2.2, §6): a configured
 * neighbor with that address first, else the listen range containing the address (the longest one) and its peer
 * group. A neighbor inherits every setting of its peer group that it does not set itself (remote-as always comes
 * from the group when the group has one). Also: on-link tests and eBGP/iBGP.
 */
import { type Ipv6Address, Ipv6Prefix } from '../ip/index.js';
import type { Located, RouterInterface, RouterListenRange, RouterModel, RouterPeer, RouterPeerAf } from './model.js';

/** A peer with its group's settings filled in; `group` is the peer group the settings came from, if any. */
export interface EffectivePeer extends RouterPeer {
  readonly group?: RouterPeer;
  /** The neighbor itself (for a configured neighbor), or undefined for a listen-range session. */
  readonly neighbor?: RouterPeer;
}

export interface SessionConfig {
  readonly peer: EffectivePeer;
  readonly via: 'neighbor' | 'listen-range';
  readonly range?: RouterListenRange;
}

function mergeAf(own: RouterPeerAf | undefined, group: RouterPeerAf | undefined): RouterPeerAf | undefined {
  if (own === undefined) return group;
  if (group === undefined) return own;
  return {
    ...group,
    ...Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined)),
    activated: own.activated || group.activated,
    otherImportFilters: own.otherImportFilters.length > 0 ? own.otherImportFilters : group.otherImportFilters,
    otherExportFilters: own.otherExportFilters.length > 0 ? own.otherExportFilters : group.otherExportFilters,
  } as RouterPeerAf;
}

/** `peer` with the settings of its peer group (if it names one that exists) merged in. */
export function effectivePeer(router: RouterModel, peer: RouterPeer): EffectivePeer {
  if (peer.kind === 'peer-group') return peer;
  const group =
    peer.peerGroup === undefined ? undefined : router.peerGroups.find((g) => g.name === peer.peerGroup!.value);
  if (group === undefined) return { ...peer, neighbor: peer };
  const pick = <T>(own: T | undefined, theirs: T | undefined) => own ?? theirs;
  const afis = new Set([...group.addressFamilies, ...peer.addressFamilies].map((a) => a.afi));
  const merged: Record<string, unknown> = {
    ...peer,
    remoteAs: pick(group.remoteAs, peer.remoteAs),
    password: pick(peer.password, group.password),
    ebgpMultihop: pick(peer.ebgpMultihop, group.ebgpMultihop),
    ttlSecurityHops: pick(peer.ttlSecurityHops, group.ttlSecurityHops),
    disableConnectedCheck: peer.disableConnectedCheck || group.disableConnectedCheck,
    timers: {
      ...(pick(peer.timers.keepaliveSec, group.timers.keepaliveSec)
        ? { keepaliveSec: pick(peer.timers.keepaliveSec, group.timers.keepaliveSec) }
        : {}),
      ...(pick(peer.timers.holdTimeSec, group.timers.holdTimeSec)
        ? { holdTimeSec: pick(peer.timers.holdTimeSec, group.timers.holdTimeSec) }
        : {}),
    },
    gracefulRestart: pick(peer.gracefulRestart, group.gracefulRestart),
    addressFamilies: [...afis].map((afi) =>
      mergeAf(
        peer.addressFamilies.find((a) => a.afi === afi),
        group.addressFamilies.find((a) => a.afi === afi),
      ),
    ),
    group,
    neighbor: peer,
  };
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  return merged as unknown as EffectivePeer;
}

/** The address family `afi` (default IPv6 unicast) of a peer, when activated. */
export function activeAf(peer: RouterPeer, afi = 'ipv6-unicast'): RouterPeerAf | undefined {
  const af = peer.addressFamilies.find((a) => a.afi === afi);
  return af?.activated ? af : undefined;
}

function neighborAddress(peer: RouterPeer): Ipv6Address | undefined {
  const p = Ipv6Prefix.tryParse(`${peer.name}/128`);
  return p.ok ? p.value.address : undefined;
}

/** The configuration a router applies to a session from `address`, or undefined when it refuses it. */
export function sessionFor(router: RouterModel, address: Ipv6Address): SessionConfig | undefined {
  const key = address.toBigInt();
  const neighbor = router.neighbors.find((n) => neighborAddress(n)?.toBigInt() === key);
  if (neighbor !== undefined) return { peer: effectivePeer(router, neighbor), via: 'neighbor' };
  let best: RouterListenRange | undefined;
  for (const r of router.listenRanges) {
    if (r.prefix === undefined || !r.prefix.contains(address)) continue;
    if (best === undefined || r.prefix.length > best.prefix!.length) best = r;
  }
  if (best === undefined) return undefined;
  const group = router.peerGroups.find((g) => g.name === best!.peerGroup?.value);
  if (group === undefined) return undefined;
  return { peer: group, via: 'listen-range', range: best };
}

/** The interface address equal to `address` (the router owns it). */
export function interfaceWithAddress(
  router: RouterModel,
  address: Ipv6Address,
): { readonly iface: RouterInterface; readonly address: Located<Ipv6Prefix> } | undefined {
  for (const iface of router.interfaces) {
    const a = iface.addresses.find((x) => x.value.address.toBigInt() === address.toBigInt());
    if (a !== undefined) return { iface, address: a };
  }
  return undefined;
}

/** A non-loopback interface whose on-link prefix contains `address`. */
export function onLinkInterface(router: RouterModel, address: Ipv6Address): RouterInterface | undefined {
  return router.interfaces.find((i) => !i.loopback && i.addresses.some((a) => a.value.network().contains(address)));
}

/** True when the session is eBGP; undefined when the remote AS is unknown. */
export function isEbgp(router: RouterModel, peer: RouterPeer, remoteAsn?: number): boolean | undefined {
  const r = peer.remoteAs?.value;
  if (r === 'external') return true;
  if (r === 'internal') return false;
  if (typeof r === 'number') return router.systemAs === undefined ? undefined : r !== router.systemAs.value;
  if (remoteAsn !== undefined && router.systemAs !== undefined) return remoteAsn !== router.systemAs.value;
  return undefined;
}

/** Peer groups the listen ranges point at (the dynamic-neighbor groups, which is where nodes usually land). */
export function listenGroups(router: RouterModel): RouterPeer[] {
  const names = new Set(router.listenRanges.map((r) => r.peerGroup?.value).filter((n) => n !== undefined));
  return router.peerGroups.filter((g) => names.has(g.name));
}

/** True when the router's config gives no IPv6 interface address (an FRR bgpd config without its interfaces). */
export function hasNoInterfaceAddresses(router: RouterModel): boolean {
  return router.interfaces.every((i) => i.addresses.length === 0);
}

/** The router's short name: its file's router name, and the first label of its host name. */
function namesOf(router: RouterModel): string[] {
  const host = router.hostName?.value.split('.')[0];
  return host === undefined ? [router.name] : [router.name, host];
}

/**
 * The router a BGP peer address belongs to: the one with that interface address; else, for a router whose config
 * lists no interface addresses at all, the one named like the peer (`verified: false`: the address cannot be
 * checked against it).
 */
export function routerForPeer(
  routers: readonly RouterModel[],
  address: Ipv6Address,
  peerName: string,
): { readonly router: RouterModel; readonly verified: boolean } | undefined {
  const owner = routers.find((r) => interfaceWithAddress(r, address) !== undefined);
  if (owner !== undefined) return { router: owner, verified: true };
  const named = routers.find((r) => hasNoInterfaceAddresses(r) && namesOf(r).includes(peerName));
  return named === undefined ? undefined : { router: named, verified: false };
}
