/**
 * LB-IPAM's view of a Service (reference §7.1–§7.5): whether LB-IPAM is responsible for it, the labels pools select
 * on (its labels plus the implicit name/namespace labels), the families and specific IPs it requests, its sharing
 * key, and the compatibility rules for sharing one IP.
 */
import type { K8sCondition, K8sService } from '../../k8s/objects-core.js';
import { tryParseAddress } from '../../ip/parse.js';
import { type Labels, serviceSelectorLabels } from '../selector.js';
import {
  LB_CLASS_BGP,
  LB_CLASS_L2,
  LbIpamAnnotation,
  LbIpamCondition,
  type LbIpamOptions,
  type LbIpamServiceResult,
} from './types.js';

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

/** One `status.loadBalancer.ingress[*].ip`, parsed once (undefined when it is not an IP). */
export interface IngressIp {
  readonly text: string;
  readonly ip: IpValue | undefined;
}

export const ingressIp = (text: string): IngressIp => ({ text, ip: parseIp(text) });

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

export type FamilyRequest = Readonly<{ v4: boolean; v6: boolean }>;

// Shared values: one view per Service, 100,000 Services in the bench.
const FAMILIES: Readonly<Record<'none' | 'v4' | 'v6' | 'both', FamilyRequest>> = {
  none: { v4: false, v6: false },
  v4: { v4: true, v6: false },
  v6: { v4: false, v6: true },
  both: { v4: true, v6: true },
};
const familyRequest = (v4: boolean, v6: boolean): FamilyRequest =>
  v4 ? (v6 ? FAMILIES.both : FAMILIES.v4) : v6 ? FAMILIES.v6 : FAMILIES.none;
const NO_IPS: readonly IpValue[] = [];
const NO_NAMESPACES: readonly string[] = [];
const NO_SELECTOR: Readonly<Record<string, string>> = {};
// Shared, frozen empty lists: views replace their lists (see `append`), never push onto an empty one.
const NO_ALLOCATIONS = Object.freeze([]) as unknown as AllocatedIp[];
const NO_INGRESS = Object.freeze([]) as unknown as IngressIp[];

/** §7.3 `serviceIPFamilyRequest`: which families a Service without specific IPs asks for. */
export function requestedFamilies(svc: K8sService, options: LbIpamOptions): FamilyRequest {
  const families = svc.spec.ipFamilies ?? [];
  switch (svc.spec.ipFamilyPolicy) {
    case 'PreferDualStack':
      if (families.length > 0) {
        return familyRequest(
          families.includes('IPv4') && options.ipv4Enabled,
          families.includes('IPv6') && options.ipv6Enabled,
        );
      }
      return familyRequest(options.ipv4Enabled, options.ipv6Enabled);
    case 'RequireDualStack':
      return familyRequest(options.ipv4Enabled, options.ipv6Enabled);
    default:
      // unset or SingleStack: only the first listed family.
      if (families.length > 0) return families[0] === 'IPv4' ? FAMILIES.v4 : FAMILIES.v6;
      if (options.ipv4Enabled) return FAMILIES.v4;
      if (options.ipv6Enabled) return FAMILIES.v6;
      return FAMILIES.none;
  }
}

/**
 * §7.2: `spec.loadBalancerIP` plus the comma-separated `lbipam.cilium.io/ips` annotation (alias
 * `io.cilium/lb-ipam-ips`), each entry trimmed; unparsable entries are reported and dropped; consecutive duplicates
 * removed.
 */
export function requestedIps(svc: K8sService, onBad: (svc: K8sService, text: string) => void): readonly IpValue[] {
  const single = svc.spec.loadBalancerIP ?? '';
  const list = annotation(svc, LbIpamAnnotation.ips);
  if (single === '' && list === '') return NO_IPS;
  const out: IpValue[] = [];
  for (const text of [
    ...(single !== '' ? [single] : []),
    ...(list !== '' ? list.split(',').map((p) => p.trim()) : []),
  ]) {
    const ip = parseIp(text);
    const last = out[out.length - 1];
    if (ip === undefined) onBad(svc, text);
    else if (last === undefined || last.value !== ip.value || last.family !== ip.family) out.push(ip);
  }
  return out;
}

export interface AllocatedIp {
  readonly ip: IpValue;
  /** Index of the range in LB-IPAM's range list (ranges are objects; see lb-ipam.ts). */
  readonly range: object;
}

export interface ServiceView {
  /** Arrival order: Services are (re)tried in this order (see retry-index.ts). */
  readonly order: number;
  /** When LB-IPAM last tried to satisfy it (a retry-index epoch). */
  triedAt: number;
  /** Registered in the retry index (kept by the index). */
  waiting: boolean;
  /** What sharing compatibility compares but ports (holders.ts); reset whenever the view is refreshed. */
  compatSignature: string | undefined;
  readonly namespace: string;
  readonly name: string;
  generation: number | undefined;
  /** The Service's own labels; pools select on {@link selectorLabels} (computed when first needed). */
  metaLabels: Labels | undefined;
  labels: Labels | undefined;
  families: FamilyRequest;
  requested: readonly IpValue[];
  sharingKey: string;
  crossNamespace: readonly string[];
  externalTrafficPolicy: 'Cluster' | 'Local';
  ports: number[];
  selector: Readonly<Record<string, string>>;
  /** IPs LB-IPAM allocated to this Service (and the range they came from). */
  allocated: AllocatedIp[];
  /** `status.loadBalancer.ingress[*].ip` as LB-IPAM last wrote (or found) it. */
  ingress: IngressIp[];
  condition: Readonly<{ status: 'True' | 'False'; reason: string; message: string }> | undefined;
}

/** Builds or refreshes the view of `svc` (keeping allocations and status of `previous`). */
export function serviceViewOf(
  svc: K8sService,
  options: LbIpamOptions,
  previous: ServiceView | undefined,
  onBad: (svc: K8sService, text: string) => void,
  order: number,
): ServiceView {
  const namespace = svc.metadata.namespace ?? 'default';
  const name = svc.metadata.name;
  const view: ServiceView = previous ?? {
    order,
    triedAt: -1,
    waiting: false,
    compatSignature: undefined,
    namespace,
    name,
    generation: undefined,
    metaLabels: undefined,
    labels: undefined,
    families: FAMILIES.none,
    requested: NO_IPS,
    sharingKey: '',
    crossNamespace: NO_NAMESPACES,
    externalTrafficPolicy: 'Cluster',
    ports: [],
    selector: NO_SELECTOR,
    allocated: NO_ALLOCATIONS,
    ingress:
      svc.status?.loadBalancer?.ingress === undefined
        ? NO_INGRESS
        : svc.status.loadBalancer.ingress.map((i) => ingressIp(i.ip ?? '')),
    condition: undefined,
  };
  view.generation = svc.metadata.generation;
  view.compatSignature = undefined;
  view.metaLabels = svc.metadata.labels;
  view.labels = undefined;
  view.families = requestedFamilies(svc, options);
  view.requested = requestedIps(svc, onBad);
  view.sharingKey = annotation(svc, LbIpamAnnotation.sharingKey);
  const cross = annotation(svc, LbIpamAnnotation.sharingCrossNamespace);
  view.crossNamespace = cross === '' ? NO_NAMESPACES : cross.split(',');
  view.externalTrafficPolicy = svc.spec.externalTrafficPolicy ?? 'Cluster';
  const ports = svc.spec.ports ?? [];
  view.ports = ports.length === 0 ? [] : ports.map((p) => p.port);
  const podSelector = svc.spec.selector;
  view.selector = podSelector === undefined || Object.keys(podSelector).length === 0 ? NO_SELECTOR : podSelector;
  return view;
}

/** The labels pools select on: the Service's labels plus the implicit name/namespace labels (§1.6). */
export function selectorLabels(view: ServiceView): Labels {
  view.labels ??= serviceSelectorLabels({
    name: view.name,
    namespace: view.namespace,
    ...(view.metaLabels ? { labels: view.metaLabels } : {}),
  });
  return view.labels;
}

const CROSS_NAMESPACE_ANY = '*';

function sameSelector(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}

/** §7.5 `isCompatible`: may `a` and `b` share one IP? Returns the reason when they may not. */
export function incompatibility(a: ServiceView, b: ServiceView): string | undefined {
  if (a.sharingKey !== b.sharingKey) return 'different sharing key';
  if (a.namespace !== b.namespace && (!allowsNamespace(a, b.namespace) || !allowsNamespace(b, a.namespace)))
    return 'different and not permitted namespace';
  // Port numbers only: the datapath cannot tell protocols apart (Cilium issue #9207).
  for (const p of a.ports) if (b.ports.includes(p)) return 'same port';
  if (a.externalTrafficPolicy !== b.externalTrafficPolicy) return 'different ExternalTrafficPolicy';
  if (
    a.externalTrafficPolicy === 'Local' &&
    (a.selector === NO_SELECTOR || b.selector === NO_SELECTOR || !sameSelector(a.selector, b.selector))
  ) {
    return 'compatible ExternalTrafficPolicy local but selecting different set of pods';
  }
  return undefined;
}

/** {@link incompatibility} without the port check. */
export function incompatibleIgnoringPorts(a: ServiceView, b: ServiceView): boolean {
  if (a.sharingKey !== b.sharingKey) return true;
  if (a.namespace !== b.namespace && (!allowsNamespace(a, b.namespace) || !allowsNamespace(b, a.namespace)))
    return true;
  if (a.externalTrafficPolicy !== b.externalTrafficPolicy) return true;
  return (
    a.externalTrafficPolicy === 'Local' &&
    (a.selector === NO_SELECTOR || b.selector === NO_SELECTOR || !sameSelector(a.selector, b.selector))
  );
}

function allowsNamespace(x: ServiceView, namespace: string): boolean {
  return x.crossNamespace.includes(namespace) || x.crossNamespace.includes(CROSS_NAMESPACE_ANY);
}

/**
 * `isSatisfied`: with specific IPs, every requested IP is in the ingress list; otherwise every requested family has
 * an ingress IP.
 */
export function isSatisfied(view: ServiceView): boolean {
  if (view.requested.length > 0) {
    return view.requested.every((r) => view.ingress.some((i) => i.ip?.family === r.family && i.ip.value === r.value));
  }
  // Cilium: an ingress that is not IPv4 (net.ParseIP(ip).To4() == nil, unparsable text included) counts as IPv6.
  let has4 = false;
  let has6 = false;
  for (const i of view.ingress) {
    if (i.ip?.family === 4) has4 = true;
    else has6 = true;
  }
  return !((view.families.v4 && !has4) || (view.families.v6 && !has6));
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The condition of a satisfied Service (shared: no object per Service). */
export const SATISFIED = { status: 'True', reason: 'satisfied', message: '' } as const;

/** The result condition of a satisfied Service without a generation (shared, frozen: one per result is waste). */
const SATISFIED_CONDITION: K8sCondition = Object.freeze({
  type: LbIpamCondition.requestSatisfied,
  status: 'True',
  reason: 'satisfied',
  message: '',
});

export function hasIngress(view: ServiceView, ip: IpValue): boolean {
  for (const e of view.ingress)
    if (e.ip !== undefined && e.ip.value === ip.value && e.ip.family === ip.family) return true;
  return false;
}

/** `list` plus `x`; a one-element literal for an empty list (a push would reserve room for 17). */
export function append<T>(list: T[], x: T): T[] {
  if (list.length === 0) return [x];
  list.push(x);
  return list;
}

export function hasFamily(allocated: readonly AllocatedIp[], family: 4 | 6): boolean {
  for (const a of allocated) if (a.ip.family === family) return true;
  return false;
}

/**
 * §7.6: what LB-IPAM leaves on a Service: its ingress IPs, and `cilium.io/IPAMRequestSatisfied` when LB-IPAM is
 * responsible (a Service it never handled keeps the ingress it came with).
 */
export function serviceResult(
  svc: K8sService,
  view: ServiceView | undefined,
  options: LbIpamOptions,
): LbIpamServiceResult {
  const responsible = isLbIpamResponsible(svc, options);
  let ingress: string[] = [];
  if (view !== undefined) {
    ingress = view.ingress.map((i) => i.text);
    if (ingress.includes('')) ingress = ingress.filter((t) => t !== '');
  } else {
    for (const i of svc.status?.loadBalancer?.ingress ?? []) if (i.ip !== undefined && i.ip !== '') ingress.push(i.ip);
  }
  const result: Mutable<LbIpamServiceResult> = {
    namespace: svc.metadata.namespace ?? 'default',
    name: svc.metadata.name,
    responsible,
    ingress,
  };
  const c = responsible ? view?.condition : undefined;
  if (view !== undefined && c === SATISFIED && view.generation === undefined) {
    result.condition = SATISFIED_CONDITION;
  } else if (view !== undefined && c !== undefined) {
    const condition: Mutable<K8sCondition> = {
      type: LbIpamCondition.requestSatisfied,
      status: c.status,
      reason: c.reason,
      message: c.message,
    };
    if (view.generation !== undefined) condition.observedGeneration = view.generation;
    result.condition = condition;
  }
  return result;
}
