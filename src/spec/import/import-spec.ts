/**
 * `import`: what a repo holds ({@link RepoArtifacts}) → a v6net spec that renders back to equivalent artifacts.
 * The cluster side and the routers are imported separately (`import-cluster.ts`, `import-routers.ts`) and joined
 * here: the address plan (service CIDR, PodCIDR, LB pools, node network, loopbacks) and the aggregate (the prefix the
 * routers originate that covers the plan, else the plan's covering prefix). The spec text is then loaded and planned
 * like any other, so what is returned is known to be valid; every gap is a located `import/*` diagnostic.
 */
import { stringify } from 'yaml';
import type { Diagnostic } from '../../core/diagnostic.js';
import { Ipv6Prefix } from '../../ip/index.js';
import { loadSpecText } from '../load.js';
import { planNetwork } from '../plan.js';
import type { PlanEntry, Spec } from '../schema.js';
import type { RepoArtifacts } from './artifacts.js';
import { type ImportNote, importCluster, importNote } from './import-cluster.js';
import { importNodes } from './import-nodes.js';
import { importRouters } from './import-routers.js';
import { importServices } from './import-services.js';

export interface ImportOptions {
  /** The spec's `name` (default: the cluster name found, else `imported`). */
  readonly name?: string;
  /** The file name used for diagnostics about the written spec. */
  readonly outFile?: string;
  /** The cluster's IPv6 PodCIDR, when the inputs do not say (no kubeadm/Talos/k3s config or Helm values). */
  readonly podCidr?: string;
  /** The cluster's IPv6 Service CIDR, when the inputs do not say. */
  readonly serviceCidr?: string;
}

export interface ImportResult {
  /** The spec text, when the import produced a valid spec. */
  readonly text?: string;
  readonly spec?: Spec;
  /** Notes about the input (`import/*`) and, when the result does not load or plan, those problems too. */
  readonly diagnostics: readonly Diagnostic[];
}

/** The shortest prefix covering every given one. */
function covering(prefixes: readonly Ipv6Prefix[]): Ipv6Prefix | undefined {
  if (prefixes.length === 0) return undefined;
  let p = prefixes[0]!.network();
  for (const q of prefixes.slice(1)) while (!p.contains(q)) p = p.supernet(p.length - 1);
  return p;
}

function chooseAggregate(plan: readonly Ipv6Prefix[], originated: readonly Ipv6Prefix[]): Ipv6Prefix | undefined {
  const candidates = originated
    .filter((o) => plan.every((p) => o.contains(p)))
    .sort((a, b) => b.length - a.length || a.compare(b));
  if (candidates[0] !== undefined) return candidates[0];
  const c = covering(plan);
  return c === undefined ? undefined : c.supernet(Math.min(c.length, 48));
}

/** The PodCIDR: given, from the cluster config / Helm values, else covering the Nodes' PodCIDRs (reported). */
function podCidrOf(
  options: ImportOptions,
  found: { prefix: string; nodeMaskSize?: number } | undefined,
  nodes: readonly { podCidr?: string }[],
  notes: ImportNote[],
  source: Diagnostic['source'],
): PlanEntry | undefined {
  const nodeCidrs = nodes.flatMap((n) => (n.podCidr === undefined ? [] : [Ipv6Prefix.parse(n.podCidr)]));
  const mask = found?.nodeMaskSize ?? nodeCidrs[0]?.length;
  const entry = (prefix: string): PlanEntry => ({
    name: 'pods',
    prefix,
    role: 'pod-cidr',
    ...(mask !== undefined ? { nodeMaskSize: mask } : {}),
  });
  if (options.podCidr !== undefined) return entry(options.podCidr);
  if (found !== undefined) return entry(found.prefix);
  const cover = covering(nodeCidrs);
  if (cover !== undefined) {
    notes.push(
      importNote(
        'pod-cidr-from-nodes',
        'warning',
        `no PodCIDR in the cluster config; ${cover} is the smallest prefix covering the nodes' PodCIDRs`,
        source,
        'pass --pod-cidr with the real cluster CIDR (routers import the whole of it)',
      ),
    );
    return entry(cover.toString());
  }
  notes.push(
    importNote(
      'no-pod-cidr',
      'error',
      'no IPv6 PodCIDR found (kubeadm/Talos/k3s config, Cilium Helm values or Node objects)',
      source,
      'add the cluster config to the inputs, or pass --pod-cidr',
    ),
  );
  return undefined;
}

const HEADER = (name: string) =>
  [
    `# v6net spec imported from an existing repo (v6net import). Review it, then: v6net check / v6net render.`,
    `# Not carried over: free-text descriptions of the plan, Helm values beyond the network settings, router`,
    `# settings v6net renders its own way (firewall, policy names, peer group name ${'K8S'}). Network: ${name}.`,
    '',
  ].join('\n');

export function importSpec(a: RepoArtifacts, options: ImportOptions = {}): ImportResult {
  const notes: ImportNote[] = [];
  const cluster = importCluster(a, notes);
  if (cluster.asn === undefined) {
    notes.push(
      importNote(
        'no-cluster-bgp',
        'error',
        'no CiliumBGPClusterConfig (or v1 CiliumBGPPeeringPolicy) with a localASN among the inputs',
        undefined,
        'include the directory with the Cilium BGP objects',
      ),
    );
    return { diagnostics: notes };
  }
  const routers = importRouters(a.routers, cluster.peers, cluster.asn, notes);
  if (routers.routers.length === 0 || routers.nodeNetwork === undefined) {
    notes.push(
      importNote(
        'no-router',
        'error',
        'no router config (VyOS or FRR) owns an address Cilium peers with',
        cluster.peers[0]?.source ?? cluster.source,
        'include the routers\u2019 configs (VyOS set commands, config.boot or FRR)',
      ),
    );
    return { diagnostics: notes };
  }
  const nodes = importNodes(a, cluster.asn, routers.nodeNetwork.prefix, routers.routerAddresses, notes);
  if (nodes.length === 0) {
    notes.push(
      importNote(
        'no-nodes',
        'error',
        'no nodes found: neither Node objects nor CiliumBGPNodeConfigOverrides',
        cluster.source,
        'add `kubectl get nodes -o yaml` output to the inputs',
      ),
    );
    return { diagnostics: notes };
  }
  const plan: PlanEntry[] = [];
  const serviceCidr = options.serviceCidr ?? cluster.serviceCidr;
  if (serviceCidr !== undefined) plan.push({ name: 'services', prefix: serviceCidr, role: 'service-cidr' });
  else
    notes.push(
      importNote(
        'no-service-cidr',
        'error',
        'no IPv6 Service CIDR found (kubeadm/Talos/k3s config)',
        cluster.source,
        'add the cluster config to the inputs, or pass --service-cidr',
      ),
    );
  const podCidr = podCidrOf(options, cluster.podCidr, nodes, notes, cluster.source);
  if (podCidr !== undefined) plan.push(podCidr);
  plan.push(...cluster.lbPools);
  plan.push({
    name: 'nodes',
    prefix: routers.nodeNetwork.prefix.toString(),
    role: 'node-network',
    ...(routers.nodeNetwork.vlan !== undefined ? { vlan: routers.nodeNetwork.vlan } : {}),
  });
  const lo = covering(routers.loopbacks);
  if (lo !== undefined && !lo.overlaps(routers.nodeNetwork.prefix))
    plan.push({ name: 'loopbacks', prefix: lo.toString(), role: 'loopbacks' });
  const aggregate = chooseAggregate(
    plan.map((p) => Ipv6Prefix.parse(p.prefix)),
    routers.originated,
  )!;

  const name = options.name ?? cluster.clusterName ?? 'imported';
  const advertisements = cluster.advertisements;
  const services = importServices(a);
  const spec: Spec = {
    version: 1,
    name,
    aggregate: aggregate.toString(),
    plan,
    cluster: {
      name: cluster.clusterName ?? name,
      asn: cluster.asn,
      ...(cluster.distribution !== undefined ? { distribution: cluster.distribution } : {}),
      nodes,
      bgp: cluster.bgp,
      ...(advertisements.length > 0 ? { advertisements } : {}),
    },
    routers: routers.routers,
    ...(routers.upstream !== undefined ? { upstream: routers.upstream } : {}),
    ...(services.length > 0 ? { workloads: { services } } : {}),
  };
  // An import that had to leave something out with an error (a router without router-id, no Service CIDR) is not
  // written, even when what remains would load; the spec's own problems would only repeat those.
  if (notes.some((d) => d.severity === 'error')) return { diagnostics: notes };
  const text = HEADER(name) + stringify(spec, { lineWidth: 0 });
  const file = options.outFile ?? 'v6net.yaml';
  const loaded = loadSpecText(text, file);
  const problems = [...loaded.diagnostics];
  if (!problems.some((d) => d.severity === 'error')) problems.push(...planNetwork(loaded).diagnostics);
  const failed = problems.some((d) => d.severity === 'error');
  return failed
    ? { diagnostics: [...notes, ...problems] }
    : { text, spec, diagnostics: [...notes, ...problems.filter((d) => d.severity !== 'info')] };
}
