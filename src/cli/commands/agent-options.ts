/**
 * The flags of `v6net agent` that mirror Cilium's agent and operator flags, turned into the options of the Cilium
 * semantics (`src/cilium`).
 */
import { networkInterfaces } from 'node:os';
import { UsageError } from '../../core/errors.js';
import { type AgentOptions, defaultAgentOptions } from '../../cilium/agent/types.js';
import type { NodePlanOptions } from '../../cilium/node-plan.js';
import { defaultOperatorOptions } from '../../cilium/operator/types.js';
import { v6netLbIpamOptions } from '../../cilium/lbipam/types.js';

export const AGENT_OPTION_SPECS = {
  node: { type: 'string' },
  'dry-run': { type: 'boolean' },
  json: { type: 'boolean' },
  'control-socket': { type: 'string' },
  'poll-ms': { type: 'string' },
  'cease-on-exit': { type: 'boolean' },
  'cilium-host-mac': { type: 'string' },
  'secrets-namespace': { type: 'string' },
  'router-id-mode': { type: 'string' },
  'router-id-pool': { type: 'string' },
  ipam: { type: 'string' },
  'ip-families': { type: 'string' },
  'default-lb-service-ipam': { type: 'string' },
  'advertisement-merge': { type: 'string' },
  'no-service-endpoints-routable': { type: 'string' },
  'legacy-origin-attribute': { type: 'boolean' },
} as const;

export const AGENT_OPTIONS_HELP = `Cilium flags (defaults follow the v6net network: IPv6 only, IPAM kubernetes, Cilium 1.18+):
  --cilium-host-mac MAC           cilium_host MAC for the IPv6-only router ID (default: read the local
                                  cilium_host interface when there is one)
  --secrets-namespace NS          --bgp-secrets-namespace (default kube-system; "" = not configured)
  --router-id-mode default|ip-pool  --bgp-router-id-allocation-mode (default default)
  --router-id-pool CIDR           --bgp-router-id-allocation-ip-pool (ip-pool mode)
  --ipam MODE                     IPAM mode; PodCIDR advertisements need kubernetes or cluster-pool
                                  (default kubernetes)
  --ip-families ipv6|ipv4|dual    enable-ipv4/enable-ipv6 for LB-IPAM family selection (default ipv6)
  --default-lb-service-ipam lbipam|nodeipam|none   (default lbipam)
  --advertisement-merge union|last-wins   overlapping Service advertisements: 1.18+ union (default)
                                  or <=1.17 last wins
  --no-service-endpoints-routable true|false   --enable-no-service-endpoints-routable (default true)
  --legacy-origin-attribute       --enable-bgp-legacy-origin-attribute (LB IPs with ORIGIN incomplete)`;

type Values = {
  readonly [K in keyof typeof AGENT_OPTION_SPECS]?: (typeof AGENT_OPTION_SPECS)[K]['type'] extends 'boolean'
    ? boolean
    : string;
};

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** The local interfaces and their addresses (for transport.sourceInterface), and the cilium_host MAC. */
function localInterfaces(): { interfaces: Record<string, string[]>; ciliumHostMac?: string } {
  const nics = networkInterfaces();
  const interfaces: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(nics)) interfaces[name] = (list ?? []).map((a) => a.address);
  const mac = nics['cilium_host']?.[0]?.mac;
  return { interfaces, ...(mac !== undefined && mac !== '00:00:00:00:00:00' ? { ciliumHostMac: mac } : {}) };
}

export function planOptionsFromFlags(values: Values): NodePlanOptions {
  const local = localInterfaces();
  const mode = oneOf('router-id-mode', values['router-id-mode'], ['default', 'ip-pool'] as const, 'default');
  if (mode === 'ip-pool' && values['router-id-pool'] === undefined)
    throw new UsageError('--router-id-mode ip-pool needs --router-id-pool CIDR');
  const families = oneOf('ip-families', values['ip-families'], ['ipv6', 'ipv4', 'dual'] as const, 'ipv6');
  const ns = values['secrets-namespace'] ?? 'kube-system';
  const routable = oneOf(
    'no-service-endpoints-routable',
    values['no-service-endpoints-routable'],
    ['true', 'false'] as const,
    'true',
  );
  const mac = values['cilium-host-mac'] ?? local.ciliumHostMac;
  const agent: AgentOptions = {
    ...defaultAgentOptions,
    routerIdMode: mode,
    ...(mac !== undefined ? { ciliumHostMac: mac } : {}),
    secretsNamespace: ns === '' ? undefined : ns,
    ipamMode: values.ipam ?? 'kubernetes',
    advertisementMerge: oneOf(
      'advertisement-merge',
      values['advertisement-merge'],
      ['union', 'last-wins'] as const,
      'union',
    ),
    noServiceEndpointsRoutable: routable === 'true',
    legacyOriginAttribute: values['legacy-origin-attribute'] === true,
    interfaces: local.interfaces,
  };
  return {
    agent,
    operator: {
      ...defaultOperatorOptions,
      secretsNamespace: ns === '' ? undefined : ns,
      routerIdAllocation: mode === 'ip-pool' ? { mode, pool: values['router-id-pool']! } : { mode: 'default' },
    },
    lbIpam: {
      ...v6netLbIpamOptions,
      ipv4Enabled: families !== 'ipv6',
      ipv6Enabled: families !== 'ipv4',
      defaultLbServiceIpam: oneOf(
        'default-lb-service-ipam',
        values['default-lb-service-ipam'],
        ['lbipam', 'nodeipam', 'none'] as const,
        'lbipam',
      ),
    },
  };
}
