/**
 * Family `k8s`: limits Kubernetes itself enforces on the service and pod prefixes, and PodCIDR capacity.
 *
 * Sources (facts, paraphrased):
 * - kube-apiserver `validateClusterIPFlags` (cmd/kube-apiserver/app/options/validation.go): the service range may
 *   have at most 20 host bits (maxCIDRBits = 20, i.e. IPv6 /108 or longer); with the MultiCIDRServiceAllocator
 *   feature gate enabled (GA and on by default since Kubernetes 1.33) the limit is 64 host bits (/64).
 *   kubernetes/kubernetes PR #90391 ("specified --service-cluster-ip-range is too large").
 * - kubeadm `ValidateServiceSubnetSize` (cmd/kubeadm/app/apis/kubeadm/validation/validation.go) still applies
 *   MaximumBitsForServiceSubnet = 20 (constants.go: "the largest supported service subnet is /12 for IPv4 and /108
 *   for IPv6"), and MinimumAddressesInServiceSubnet = 10 (the DNS service takes the tenth address). Talos applies
 *   the same 20-bit limit (siderolabs/talos #13526: MaximumBitsForServiceSubnet = 20, PodSubnetNodeMaskMaxDiff = 16).
 * - kubeadm `ValidatePodSubnetNodeMask`: the pod subnet mask must not be longer than node-cidr-mask-size-ipv6
 *   (default 64), and node mask − pod mask must be ≤ 16 (PodSubnetNodeMaskMaxDiff, the node CIDR allocator's
 *   bitmap limit, kubernetes #44918).
 */
import type { Ipv6Prefix } from '../../ip/index.js';
import type { DataPath, Plan, PlannedEntry } from '../../spec/plan-types.js';
import { percent } from '../facts.js';
import { planRule, type Rule } from '../rule.js';

/** kube-apiserver maxCIDRBits without MultiCIDRServiceAllocator; kubeadm/Talos MaximumBitsForServiceSubnet. */
export const MAX_SERVICE_HOST_BITS = 20;
/** kube-apiserver maxCIDRBits with MultiCIDRServiceAllocator (Kubernetes ≥ 1.33 default). */
export const MAX_SERVICE_HOST_BITS_MULTI_CIDR = 64;
/** kubeadm MinimumAddressesInServiceSubnet. */
export const MIN_SERVICE_ADDRESSES = 10n;
/** kubeadm PodSubnetNodeMaskMaxDiff / node CIDR allocator limit. */
export const MAX_NODE_MASK_DIFF = 16;
/** Above this share of PodCIDRs in use, warn. */
export const POD_CIDR_WARN_RATIO = 0.8;

function entryOf(plan: Plan, role: string): PlannedEntry | undefined {
  return plan.entries.find((e) => e.role === role);
}

function serviceEntry(plan: Plan): { prefix: Ipv6Prefix; path: DataPath } | undefined {
  const entry = entryOf(plan, 'service-cidr');
  const prefix = plan.serviceCidr ?? entry?.prefix;
  if (prefix === undefined) return undefined;
  return { prefix, path: entry === undefined ? ['plan'] : [...entry.path, 'prefix'] };
}

/** Distributions whose installer validates the 20-bit limit itself (undefined = assume kubeadm-like). */
function strictServiceLimit(plan: Plan): boolean {
  const d = plan.spec.cluster.distribution;
  return d === undefined || d === 'kubeadm' || d === 'talos';
}

export const serviceCidrTooLarge = planRule({
  id: 'k8s/service-cidr-too-large',
  severity: 'error',
  doc: 'The service CIDR has more than 20 host bits (shorter than /108): kubeadm, Talos and kube-apiserver without MultiCIDRServiceAllocator refuse it; nothing accepts more than 64 host bits.',
  checkPlan(plan) {
    const svc = serviceEntry(plan);
    if (svc === undefined) return [];
    const hostBits = 128 - svc.prefix.length;
    const limit = strictServiceLimit(plan) ? MAX_SERVICE_HOST_BITS : MAX_SERVICE_HOST_BITS_MULTI_CIDR;
    if (hostBits <= limit) return [];
    return [
      {
        path: svc.path,
        message: `the service CIDR ${svc.prefix.toString()} has ${hostBits} host bits; the limit is ${limit} (/${128 - limit} or longer)`,
        hint: `use a /${128 - MAX_SERVICE_HOST_BITS} or longer (a /112 is common) for the service CIDR`,
      },
    ];
  },
});

export const serviceCidrLarge = planRule({
  id: 'k8s/service-cidr-large',
  severity: 'warning',
  doc: 'The service CIDR has 21-64 host bits: only kube-apiserver ≥ 1.33 (MultiCIDRServiceAllocator) accepts it; older API servers refuse to start.',
  checkPlan(plan) {
    const svc = serviceEntry(plan);
    if (svc === undefined || strictServiceLimit(plan)) return [];
    const hostBits = 128 - svc.prefix.length;
    if (hostBits <= MAX_SERVICE_HOST_BITS || hostBits > MAX_SERVICE_HOST_BITS_MULTI_CIDR) return [];
    return [
      {
        path: svc.path,
        message: `the service CIDR ${svc.prefix.toString()} has ${hostBits} host bits: accepted only with MultiCIDRServiceAllocator (Kubernetes ≥ 1.33)`,
        hint: 'use a /108 or longer to work with every Kubernetes version',
      },
    ];
  },
});

export const serviceCidrTooSmall = planRule({
  id: 'k8s/service-cidr-too-small',
  severity: 'error',
  doc: 'The service CIDR has fewer than 10 addresses: kubeadm refuses it (kube-dns takes the tenth address).',
  checkPlan(plan) {
    const svc = serviceEntry(plan);
    if (svc === undefined || svc.prefix.size() >= MIN_SERVICE_ADDRESSES) return [];
    return [
      {
        path: svc.path,
        message: `the service CIDR ${svc.prefix.toString()} has only ${svc.prefix.size()} addresses`,
        hint: 'use a /112 (65536 addresses) for the service CIDR',
      },
    ];
  },
});

function nodeMaskPath(plan: Plan): DataPath {
  const entry = entryOf(plan, 'pod-cidr');
  return entry === undefined ? ['plan'] : [...entry.path, 'nodeMaskSize'];
}

export const nodeMaskDiffTooLarge = planRule({
  id: 'k8s/node-mask-diff-too-large',
  severity: 'error',
  doc: 'nodeMaskSize is more than 16 bits longer than the pod prefix: the Kubernetes node CIDR allocator and kubeadm refuse it (at most 65536 node PodCIDRs).',
  checkPlan(plan) {
    const pod = plan.podCidr;
    if (pod === undefined || pod.nodeMaskSize - pod.prefix.length <= MAX_NODE_MASK_DIFF) return [];
    return [
      {
        path: nodeMaskPath(plan),
        message: `nodeMaskSize /${pod.nodeMaskSize} is ${pod.nodeMaskSize - pod.prefix.length} bits longer than the pod prefix ${pod.prefix.toString()} (limit ${MAX_NODE_MASK_DIFF})`,
        hint: `use a pod prefix of /${pod.nodeMaskSize - MAX_NODE_MASK_DIFF} or shorter, or a shorter nodeMaskSize`,
      },
    ];
  },
});

export const nodePodCidrLongerThan64 = planRule({
  id: 'k8s/node-pod-cidr-longer-than-64',
  severity: 'info',
  doc: 'Node PodCIDRs are longer than /64: fine for Cilium (kubernetes IPAM allocates pod addresses itself), but nothing SLAAC-based can use them.',
  checkPlan(plan) {
    const pod = plan.podCidr;
    if (pod === undefined || pod.nodeMaskSize <= 64) return [];
    return [
      {
        path: nodeMaskPath(plan),
        message: `node PodCIDRs are /${pod.nodeMaskSize}: Cilium's kubernetes IPAM handles that, SLAAC-style tools would not`,
        hint: 'a /64 per node is the conventional choice when the pod prefix is large enough',
      },
    ];
  },
});

function podCidrUse(plan: Plan): { used: bigint; capacity: bigint; missing: number } | undefined {
  const pod = plan.podCidr;
  if (pod === undefined) return undefined;
  const missing = plan.nodes.filter((n) => n.podCidr === undefined).length;
  return { used: BigInt(plan.nodes.length), capacity: pod.capacity, missing };
}

export const podCidrNearlyFull = planRule({
  id: 'k8s/pod-cidr-nearly-full',
  severity: 'warning',
  doc: 'More than 80% of the node PodCIDRs the pod prefix holds are in use: little room to add nodes.',
  checkPlan(plan) {
    const use = podCidrUse(plan);
    if (use === undefined || use.used > use.capacity || use.missing > 0) return [];
    if (Number(use.used) <= Number(use.capacity) * POD_CIDR_WARN_RATIO) return [];
    const pod = plan.podCidr!;
    return [
      {
        path: nodeMaskPath(plan).slice(0, 2).concat('prefix'),
        message: `${use.used} of ${use.capacity} node PodCIDRs in ${pod.prefix.toString()} are in use (${percent(use.used, use.capacity)})`,
        hint: 'plan a larger pod prefix before adding nodes',
      },
    ];
  },
});

export const k8sRules: readonly Rule[] = [
  serviceCidrTooLarge,
  serviceCidrLarge,
  serviceCidrTooSmall,
  nodeMaskDiffTooLarge,
  nodePodCidrLongerThan64,
  podCidrNearlyFull,
];
