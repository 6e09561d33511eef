/**
 * LB-IPAM's view of a Service (reference §7.1–§7.5): whether LB-IPAM is responsible for it, the labels pools select
 * on (its labels plus the implicit name/namespace labels), the families and specific IPs it requests, its sharing
 * key, and the compatibility rules for sharing one IP.
 */
import type { K8sService } from '../../k8s/objects-core.js';
import { tryParseAddress } from '../../ip/parse.js';
import { type Labels, serviceSelectorLabels } from '../selector.js';
import { LB_CLASS_BGP, LB_CLASS_L2, LbIpamAnnotation, type LbIpamOptions } from './types.js';

export interface IpValue {
  readonly family: 4 | 6;
  readonly value: bigint;
  readonly text: string;
}

export function parseIp(text: string): IpValue | undefined {
  const r = tryParseAddress(text.trim());
  if (!r.ok) return undefined;
  return { family: r.value.family, value: r.value.toBigInt(), text: r.value.toString() };
}

export const serviceKey = (namespace: string, name: string): string => `${namespace}/${name}`;

function annotation(svc: K8sService, keys: readonly string[]): string {
  for (const k of keys) {
    const v = svc.metadata.annotations?.[k];
    if (v !== undefined && v !== '') return v;
  }
  return '';
}

/** §7.1: LB-IPAM handles `type: LoadBalancer` with a nil class (when it is the default) or one of Cilium's classes. */
export function isLbIpamResponsible(svc: K8sService, options: LbIpamOptions): boolean {
  if (svc.spec.type !== 'LoadBalancer') return false;
  const cls = svc.spec.loadBalancerClass;
  if (cls === undefined) return options.defaultLbServiceIpam === 'lbipam';
  if (cls === LB_CLASS_BGP) return options.bgpControlPlaneEnabled;
  if (cls === LB_CLASS_L2) return options.l2AnnouncementsEnabled;
  return false;
}

/** §7.3 `serviceIPFamilyRequest`: which families a Service without specific IPs asks for. */
export function requestedFamilies(svc: K8sService, options: LbIpamOptions): { v4: boolean; v6: boolean } {
  const families = svc.spec.ipFamilies ?? [];
  const first = (): { v4: boolean; v6: boolean } => {
    if (families.length > 0) return families[0] === 'IPv4' ? { v4: true, v6: false } : { v4: false, v6: true };
    if (options.ipv4Enabled) return { v4: true, v6: false };
    if (options.ipv6Enabled) return { v4: false, v6: true };
    return { v4: false, v6: false };
  };
  switch (svc.spec.ipFamilyPolicy) {
    case 'PreferDualStack':
      if (families.length > 0) {
        return {
          v4: families.includes('IPv4') && options.ipv4Enabled,
          v6: families.includes('IPv6') && options.ipv6Enabled,
        };
      }
      return { v4: options.ipv4Enabled, v6: options.ipv6Enabled };
    case 'RequireDualStack':
      return { v4: options.ipv4Enabled, v6: options.ipv6Enabled };
    default:
      // unset or SingleStack: only the first listed family.
      return first();
  }
}

/**
 * §7.2: `spec.loadBalancerIP` plus the comma-separated `lbipam.cilium.io/ips` annotation (alias
 * `io.cilium/lb-ipam-ips`), each entry trimmed; unparsable entries are reported and dropped; consecutive duplicates
 * removed.
 */
export function requestedIps(svc: K8sService, onBad: (text: string) => void): IpValue[] {
  const out: IpValue[] = [];
  const add = (text: string) => {
    const ip = parseIp(text);
    if (ip === undefined) onBad(text);
    else if (out.length === 0 || out[out.length - 1]!.value !== ip.value || out[out.length - 1]!.family !== ip.family)
      out.push(ip);
  };
  if (svc.spec.loadBalancerIP !== undefined && svc.spec.loadBalancerIP !== '') add(svc.spec.loadBalancerIP);
  const list = annotation(svc, LbIpamAnnotation.ips);
  if (list !== '') for (const part of list.split(',')) add(part.trim());
  return out;
}

export interface AllocatedIp {
  readonly ip: IpValue;
  /** Index of the range in LB-IPAM's range list (ranges are objects; see lb-ipam.ts). */
  readonly range: object;
}

export interface ServiceView {
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  generation: number | undefined;
  labels: Labels;
  families: { v4: boolean; v6: boolean };
  requested: IpValue[];
  sharingKey: string;
  crossNamespace: string[];
  externalTrafficPolicy: 'Cluster' | 'Local';
  ports: number[];
  selector: Readonly<Record<string, string>>;
  /** IPs LB-IPAM allocated to this Service (and the range they came from). */
  allocated: AllocatedIp[];
  /** `status.loadBalancer.ingress[*].ip` as LB-IPAM last wrote (or found) it. */
  ingress: string[];
  condition: { status: 'True' | 'False'; reason: string; message: string } | undefined;
}

/** Builds or refreshes the view of `svc` (keeping allocations and status of `previous`). */
export function serviceViewOf(
  svc: K8sService,
  options: LbIpamOptions,
  previous: ServiceView | undefined,
  onBad: (text: string) => void,
): ServiceView {
  const namespace = svc.metadata.namespace ?? 'default';
  const name = svc.metadata.name;
  const view: ServiceView = previous ?? {
    key: serviceKey(namespace, name),
    namespace,
    name,
    generation: undefined,
    labels: {},
    families: { v4: false, v6: false },
    requested: [],
    sharingKey: '',
    crossNamespace: [],
    externalTrafficPolicy: 'Cluster',
    ports: [],
    selector: {},
    allocated: [],
    ingress: (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? ''),
    condition: undefined,
  };
  view.generation = svc.metadata.generation;
  view.labels = serviceSelectorLabels({
    name,
    namespace,
    ...(svc.metadata.labels ? { labels: svc.metadata.labels } : {}),
  });
  view.families = requestedFamilies(svc, options);
  view.requested = requestedIps(svc, onBad);
  view.sharingKey = annotation(svc, LbIpamAnnotation.sharingKey);
  const cross = annotation(svc, LbIpamAnnotation.sharingCrossNamespace);
  view.crossNamespace = cross === '' ? [] : cross.split(',');
  view.externalTrafficPolicy = svc.spec.externalTrafficPolicy ?? 'Cluster';
  view.ports = (svc.spec.ports ?? []).map((p) => p.port);
  view.selector = svc.spec.selector ?? {};
  return view;
}

const CROSS_NAMESPACE_ANY = '*';

function sameSelector(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}

/** §7.5 `isCompatible`: may `a` and `b` share one IP? Returns the reason when they may not. */
export function incompatibility(a: ServiceView, b: ServiceView): string | undefined {
  if (a.sharingKey !== b.sharingKey) return 'different sharing key';
  if (a.namespace !== b.namespace) {
    const allows = (x: ServiceView, ns: string) =>
      x.crossNamespace.includes(ns) || x.crossNamespace.includes(CROSS_NAMESPACE_ANY);
    if (!allows(a, b.namespace) || !allows(b, a.namespace)) return 'different and not permitted namespace';
  }
  // Port numbers only: the datapath cannot tell protocols apart (Cilium issue #9207).
  if (a.ports.some((p) => b.ports.includes(p))) return 'same port';
  if (a.externalTrafficPolicy !== b.externalTrafficPolicy) return 'different ExternalTrafficPolicy';
  if (a.externalTrafficPolicy === 'Local') {
    const empty = (s: Readonly<Record<string, string>>) => Object.keys(s).length === 0;
    if (empty(a.selector) || empty(b.selector) || !sameSelector(a.selector, b.selector)) {
      return 'compatible ExternalTrafficPolicy local but selecting different set of pods';
    }
  }
  return undefined;
}

/**
 * `isSatisfied`: with specific IPs, every requested IP is in the ingress list; otherwise every requested family has
 * an ingress IP.
 */
export function isSatisfied(view: ServiceView): boolean {
  const ingress = view.ingress.map(parseIp).filter((x): x is IpValue => x !== undefined);
  if (view.requested.length > 0) {
    return view.requested.every((r) => ingress.some((i) => i.family === r.family && i.value === r.value));
  }
  // Cilium: an ingress that is not IPv4 (net.ParseIP(ip).To4() == nil, unparsable text included) counts as IPv6.
  const has4 = view.ingress.some((t) => parseIp(t)?.family === 4);
  const has6 = view.ingress.some((t) => parseIp(t)?.family !== 4);
  return !((view.families.v4 && !has4) || (view.families.v6 && !has6));
}
