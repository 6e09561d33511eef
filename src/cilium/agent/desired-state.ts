/**
 * The desired BGP state of one node (reference §3–§6, §8): for each instance of the node's CiliumBGPNodeConfig, the
 * router ID, the peers with their resolved PeerConfig, and per peer and family the paths Cilium would announce —
 * with the reasons (which advertisement, which Service or PodCIDR) and, for the dry-run, why Service addresses are
 * not announced. Pure: objects in, plain data out.
 */
import type { CiliumBgpAdvertisement, CiliumBgpPeerConfig } from '../../k8s/kinds.js';
import type { K8sEndpointSlice, K8sSecret, K8sService } from '../../k8s/objects-core.js';
import type { CiliumBgpPeerConfigSpec } from '../../k8s/objects.js';
import { CiliumSemanticsError } from '../errors.js';
import type { NodeView } from '../node-view.js';
import { resolveRouterId } from '../operator/router-id.js';
import type { NodeConfigInstance, NodeConfigObject } from '../operator/types.js';
import { advertisementsForPeer, PathSet, pathFromAdvert } from './advertisements.js';
import { resolvePeer, sessionTtl, usableInterfaceAddress } from './peer-config.js';
import { EndpointIndex, podCidrPrefixes, servicePrefixes } from './service-paths.js';
import {
  type AfiSafi,
  type AgentOptions,
  type AgentProblem,
  afiSafiText,
  type DesiredFamily,
  type DesiredInstance,
  type DesiredPath,
  type DesiredPeer,
  type NodeDesiredState,
  type ServiceNote,
} from './types.js';

export interface AgentInput {
  readonly node: NodeView;
  /** The node's CiliumBGPNodeConfig (from the operator); undefined: BGP is not configured on this node. */
  readonly nodeConfig: NodeConfigObject | undefined;
  readonly peerConfigs: readonly CiliumBgpPeerConfig[];
  readonly advertisements: readonly CiliumBgpAdvertisement[];
  /** Services with their LB-IPAM status applied. */
  readonly services: readonly K8sService[];
  readonly endpointSlices: readonly K8sEndpointSlice[];
  readonly secrets: readonly K8sSecret[];
}

const PODCIDR_IPAM_MODES = new Set(['kubernetes', 'cluster-pool']);

interface InstanceContext {
  readonly input: AgentInput;
  readonly options: AgentOptions;
  readonly peerConfigs: ReadonlyMap<string, CiliumBgpPeerConfigSpec>;
  readonly endpoints: EndpointIndex;
  readonly problems: AgentProblem[];
  readonly notes: Map<string, ServiceNote>;
  readonly passwords: Map<string, string>;
}

function note(ctx: InstanceContext, n: ServiceNote): void {
  ctx.notes.set(JSON.stringify([n.service, n.advertisement, n.addressType, n.address, n.reason]), n);
}

/** The paths of one peer family (PodCIDR first, then Service adverts, merged per §4.4). */
function familyPaths(
  ctx: InstanceContext,
  spec: CiliumBgpPeerConfigSpec,
  family: AfiSafi,
  errors: string[],
): DesiredPath[] {
  const set = new PathSet(ctx.options.advertisementMerge);
  const { input, options } = ctx;
  // The family's own selector (spec.families[i].advertisements) is used, not a re-defaulted one.
  const written = spec.families?.find((f) => f.afi === family.afi && f.safi === family.safi);
  if (written === undefined) return [];
  const withSelector = { ...family, ...(written.advertisements ? { advertisements: written.advertisements } : {}) };
  const pickFor = (type: 'PodCIDR' | 'Service' | 'Interface' | 'CiliumPodIPPool') => {
    try {
      return advertisementsForPeer({ families: [withSelector] }, input.advertisements, type)[0]?.adverts ?? [];
    } catch (e) {
      if (!(e instanceof CiliumSemanticsError)) throw e;
      errors.push(`${type} advertisements of ${afiSafiText(family)}: ${e.message}`);
      return [];
    }
  };
  const podAdverts = pickFor('PodCIDR');
  if (podAdverts.length > 0 && PODCIDR_IPAM_MODES.has(options.ipamMode)) {
    const { prefixes, errors: cidrErrors } = podCidrPrefixes(input.node.podCIDRs, family);
    errors.push(...cidrErrors);
    // §4.4: PodCIDR adverts are not merged; the last one processed gives the attributes.
    for (const sel of podAdverts) {
      for (const prefix of prefixes) {
        set.replace(
          pathFromAdvert(
            prefix,
            sel,
            { advertisement: sel.object, entry: sel.entry, type: 'PodCIDR', podCidr: prefix },
            'igp',
          ),
        );
      }
    }
  }
  // §4.2 Interface: every usable address of the named interface, as a host route; not merged, like PodCIDR.
  for (const sel of pickFor('Interface')) {
    const name = sel.advert.interface?.name ?? '';
    const addresses = options.interfaces?.[name];
    if (addresses === undefined) {
      errors.push(`advertisement ${sel.object}[${sel.entry}]: interface ${JSON.stringify(name)} not found`);
      continue;
    }
    const family4or6 = family.afi === 'ipv4' ? 4 : family.afi === 'ipv6' ? 6 : undefined;
    if (family4or6 === undefined) continue;
    const hosts = new Set<string>();
    for (const text of addresses) {
      const address = usableInterfaceAddress(text, family4or6);
      if (address !== undefined) hosts.add(`${address}/${family4or6 === 4 ? 32 : 128}`);
    }
    for (const prefix of hosts) {
      set.replace(
        pathFromAdvert(
          prefix,
          sel,
          { advertisement: sel.object, entry: sel.entry, type: 'Interface', interface: name },
          'igp',
        ),
      );
    }
  }
  // §4.2 CiliumPodIPPool needs multi-pool IPAM (CiliumNode spec.ipam.pools), which v6net does not model.
  for (const sel of pickFor('CiliumPodIPPool')) {
    const object = `CiliumBGPAdvertisement/${sel.object}`;
    const message = `entry ${sel.entry}: CiliumPodIPPool advertisements need multi-pool IPAM, which v6net does not model; nothing is announced for it`;
    if (!ctx.problems.some((p) => p.object === object && p.message === message))
      ctx.problems.push({ code: 'W_CILIUM_POD_IP_POOL', severity: 'warning', object, message });
  }
  for (const sel of pickFor('Service')) {
    let outcomes: ReturnType<typeof servicePrefixes>;
    try {
      outcomes = servicePrefixes(sel, family, input.services, {
        node: input.node.name,
        endpoints: ctx.endpoints,
        noServiceEndpointsRoutable: options.noServiceEndpointsRoutable,
      });
    } catch (e) {
      if (!(e instanceof CiliumSemanticsError)) throw e;
      errors.push(`advertisement ${sel.object}[${sel.entry}]: ${e.message}`);
      continue;
    }
    for (const o of outcomes) {
      if ('skipped' in o) {
        note(ctx, {
          service: o.service,
          advertisement: `${sel.object}[${sel.entry}]`,
          ...(o.addressType ? { addressType: o.addressType } : {}),
          ...(o.address ? { address: o.address } : {}),
          reason: o.skipped,
        });
        continue;
      }
      const origin = o.addressType === 'LoadBalancerIP' && options.legacyOriginAttribute ? 'incomplete' : 'igp';
      set.add(
        pathFromAdvert(
          o.prefix,
          sel,
          {
            advertisement: sel.object,
            entry: sel.entry,
            type: 'Service',
            service: o.service,
            addressType: o.addressType,
            address: o.address,
          },
          origin,
        ),
      );
    }
  }
  return set.list();
}

/** §4.5: LOCAL_PREF reaches iBGP peers only; for eBGP it is dropped (and remembered for the dry-run). */
function forPeer(path: DesiredPath, internal: boolean | undefined): DesiredPath {
  if (internal !== false || path.localPref === undefined) return path;
  const { localPref, ...rest } = path;
  return { ...rest, localPrefNotSent: localPref };
}

function desiredInstance(
  ctx: InstanceContext,
  inst: NodeConfigInstance,
  localAsn: number,
  routerId: { routerId: string; source: string },
): DesiredInstance {
  const object = `CiliumBGPNodeConfig/${ctx.input.node.name}/${inst.name}`;
  const errors: string[] = [];
  const peers: DesiredPeer[] = [];
  const seen = new Set<string>();
  for (const p of inst.peers) {
    const r = resolvePeer(p, ctx.peerConfigs, ctx.input.secrets, ctx.options, (problem) =>
      ctx.problems.push({ ...problem, object }),
    );
    if (r === undefined) continue;
    const address = p.peerAddress!;
    if (seen.has(address)) {
      ctx.problems.push({
        code: 'W_CILIUM_PEER_DUPLICATE',
        severity: 'warning',
        object,
        message: `peer ${p.name}: address ${address} is already a peer of this instance; skipped`,
      });
      continue;
    }
    seen.add(address);
    const peerAsn = p.peerASN ?? 0;
    const internal = peerAsn === 0 ? undefined : peerAsn === localAsn;
    const ttl = sessionTtl(localAsn, peerAsn, r.settings.ebgpMultihop);
    // §4.1: peers without a PeerConfig (or with an empty name) get no advertisements.
    const spec =
      p.peerConfigRef !== undefined && p.peerConfigRef.name !== ''
        ? ctx.peerConfigs.get(p.peerConfigRef.name)
        : undefined;
    const advertised: DesiredFamily[] = [];
    for (const f of spec?.families ?? []) {
      const family = { afi: f.afi, safi: f.safi };
      if ((f.afi !== 'ipv4' && f.afi !== 'ipv6') || f.safi !== 'unicast') {
        ctx.problems.push({
          code: 'W_CILIUM_FAMILY',
          severity: 'warning',
          object,
          message: `peer ${p.name}: family ${afiSafiText(family)} is not supported (only ipv4/unicast and ipv6/unicast); nothing is advertised in it`,
        });
        continue;
      }
      const paths = familyPaths(ctx, spec!, family, errors).map((x) => forPeer(x, internal));
      advertised.push({ family, paths });
    }
    if (r.password !== undefined) ctx.passwords.set(`${inst.name}/${address}`, r.password);
    peers.push({
      name: p.name,
      address,
      peerAsn,
      internal,
      ...(p.peerConfigRef !== undefined ? { peerConfig: p.peerConfigRef.name } : {}),
      port: r.settings.port,
      ...(r.localAddress !== undefined ? { localAddress: r.localAddress } : {}),
      connectRetrySec: r.settings.connectRetrySec,
      holdTimeSec: r.settings.holdTimeSec,
      keepaliveTimeSec: r.settings.keepaliveTimeSec,
      ...(r.settings.gracefulRestart ? { gracefulRestart: r.settings.gracefulRestart } : {}),
      ...(ttl !== undefined ? { ttl } : {}),
      ...(r.authSecret !== undefined ? { authSecret: r.authSecret } : {}),
      passwordSet: r.password !== undefined,
      families: r.settings.families,
      advertised,
    });
  }
  for (const e of errors) ctx.problems.push({ code: 'E_CILIUM_RECONCILE', severity: 'error', object, message: e });
  return {
    name: inst.name,
    localAsn,
    routerId: routerId.routerId,
    routerIdSource: routerId.source,
    ...(inst.localPort !== undefined ? { localPort: inst.localPort } : {}),
    peers,
    reconcileErrors: [...new Set(errors)],
  };
}

/** Computes the node's desired BGP state. */
export function desiredNodeState(input: AgentInput, options: AgentOptions): NodeDesiredState {
  const ctx: InstanceContext = {
    input,
    options,
    peerConfigs: new Map(input.peerConfigs.map((p) => [p.metadata.name, p.spec])),
    endpoints: new EndpointIndex(input.endpointSlices),
    problems: [],
    notes: new Map(),
    passwords: new Map(),
  };
  const instances: DesiredInstance[] = [];
  const skipped: { name: string; reason: string }[] = [];
  const node = {
    ...input.node,
    ...(options.ciliumHostMac !== undefined ? { ciliumHostMac: options.ciliumHostMac } : {}),
  };
  for (const inst of input.nodeConfig?.spec.bgpInstances ?? []) {
    if (inst.localASN === undefined) {
      skipped.push({ name: inst.name, reason: 'missing ASN in desired config' });
      continue;
    }
    const rid = resolveRouterId(options.routerIdMode, inst, node);
    if (!rid.ok) {
      skipped.push({ name: inst.name, reason: rid.message });
      continue;
    }
    instances.push(desiredInstance(ctx, inst, inst.localASN, { routerId: rid.routerId, source: rid.source }));
  }
  // Services no Service advertisement of any peer looked at: say so (the dry-run's "why not announced").
  const mentioned = new Set<string>();
  for (const n of ctx.notes.values()) mentioned.add(n.service);
  for (const i of instances)
    for (const p of i.peers)
      for (const f of p.advertised)
        for (const path of f.paths) for (const r of path.reasons) if (r.service) mentioned.add(r.service);
  for (const svc of input.services) {
    const key = `${svc.metadata.namespace ?? 'default'}/${svc.metadata.name}`;
    if (!mentioned.has(key)) {
      note(ctx, { service: key, advertisement: '-', reason: 'no Service advertisement of this node selects it' });
    }
  }
  return {
    node: input.node.name,
    instances,
    skippedInstances: skipped,
    problems: ctx.problems,
    serviceNotes: [...ctx.notes.values()],
    passwords: ctx.passwords,
  };
}
