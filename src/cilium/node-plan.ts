/**
 * Everything Cilium would do for one node, from the cluster's objects: the operator's NodeConfig for the node
 * (§2), LB-IPAM's Service status (§7), and the agent's desired BGP state (§3–§6, §8), with every condition and
 * problem on the way. This is what `v6net agent` runs and what `--dry-run` prints.
 */
import type { K8sService } from '../k8s/objects-core.js';
import { desiredNodeState } from './agent/desired-state.js';
import type { AgentOptions, AgentProblem, NodeDesiredState } from './agent/types.js';
import type { CiliumClusterObjects } from './cluster-state.js';
import { CiliumSemanticsError } from './errors.js';
import type { LbIpamOptions, LbIpamResult } from './lbipam/types.js';
import { allocateLoadBalancerIps } from './lbipam/lb-ipam.js';
import { reconcileOperator } from './operator/reconcile-operator.js';
import type { NodeConfigObject, OperatorOptions, OperatorResult } from './operator/types.js';
import { compileSelector } from './selector.js';

export interface NodePlanOptions {
  readonly agent: AgentOptions;
  readonly operator: OperatorOptions;
  readonly lbIpam: LbIpamOptions;
}

export interface NodePlan {
  readonly node: string;
  readonly nodeConfig: NodeConfigObject | undefined;
  readonly operator: OperatorResult;
  readonly lbIpam: LbIpamResult;
  readonly desired: NodeDesiredState;
  /** Problems of this node's planning (operator and LB-IPAM problems included). */
  readonly problems: readonly AgentProblem[];
}

/** The Services with `status.loadBalancer.ingress` as LB-IPAM wrote it (Services it does not serve keep theirs). */
export function withLoadBalancerStatus(services: readonly K8sService[], result: LbIpamResult): K8sService[] {
  return services.map((svc) => {
    const r = result.services.find(
      (s) => s.name === svc.metadata.name && s.namespace === (svc.metadata.namespace ?? 'default'),
    );
    if (r === undefined || !r.responsible) return svc;
    return {
      ...svc,
      status: {
        ...(svc.status ?? {}),
        loadBalancer: { ingress: r.ingress.map((ip) => ({ ip })) },
        ...(r.condition ? { conditions: [r.condition] } : {}),
      },
    };
  });
}

/**
 * Plans one node. `lbIpam` is the LB-IPAM result to use (a running agent keeps LB-IPAM state across file changes);
 * without it a one-shot LB-IPAM run over the objects is used.
 */
export function planNode(
  objects: CiliumClusterObjects,
  nodeName: string,
  options: NodePlanOptions,
  lbIpam?: LbIpamResult,
): NodePlan {
  const problems: AgentProblem[] = [];
  const node = objects.nodes.find((n) => n.name === nodeName);
  if (node === undefined) {
    problems.push({
      code: 'E_AGENT_NODE_UNKNOWN',
      severity: 'error',
      object: `Node/${nodeName}`,
      message: `no Node or CiliumNode named ${nodeName} in the artifacts`,
    });
  }
  const operator = reconcileOperator(
    {
      clusterConfigs: objects.clusterConfigs,
      nodes: objects.nodes,
      overrides: objects.overrides,
      peerConfigs: objects.peerConfigs,
      secrets: objects.secrets,
      existingNodeConfigs: objects.nodeConfigs,
    },
    options.operator,
  );
  for (const p of operator.problems) {
    if (p.key === undefined || p.key.startsWith(`${nodeName}/`)) {
      problems.push({ code: p.code, severity: p.severity, object: p.object, message: p.message });
    }
  }
  const lb = lbIpam ?? allocateLoadBalancerIps(objects.pools, objects.services, options.lbIpam);
  for (const p of lb.problems)
    problems.push({ code: p.code, severity: 'warning', object: p.object, message: p.message });

  let nodeConfig = operator.nodeConfigs.find((n) => n.metadata.name === nodeName);
  // §2 (D-v2): a v1 CiliumBGPPeeringPolicy selecting the node wins over the v2 config.
  const v1 =
    node === undefined ? undefined : objects.peeringPolicies.find((pp) => selects(pp.spec.nodeSelector, node.labels));
  if (v1 !== undefined && nodeConfig !== undefined) {
    problems.push({
      code: 'W_AGENT_V1_POLICY',
      severity: 'warning',
      object: `CiliumBGPPeeringPolicy/${v1.metadata.name}`,
      message: `a v1 CiliumBGPPeeringPolicy selects ${nodeName}: Cilium runs v1 there and ignores the v2 config; v6net agent does not implement v1, so nothing is announced`,
    });
    nodeConfig = undefined;
  }
  if (node !== undefined && nodeConfig === undefined && v1 === undefined) {
    problems.push({
      code: 'I_AGENT_NO_NODE_CONFIG',
      severity: 'info',
      object: `Node/${nodeName}`,
      message: `no CiliumBGPClusterConfig selects ${nodeName} (or its NodeConfig belongs to another node selection): BGP is not configured on it`,
    });
  }
  const desired = desiredNodeState(
    {
      node: node ?? { name: nodeName, labels: {}, annotations: {}, addresses: [], podCIDRs: [] },
      nodeConfig,
      peerConfigs: objects.peerConfigs,
      advertisements: objects.advertisements,
      services: withLoadBalancerStatus(objects.services, lb),
      endpointSlices: objects.endpointSlices,
      secrets: objects.secrets,
    },
    options.agent,
  );
  for (const s of desired.skippedInstances) {
    problems.push({
      code: 'E_AGENT_INSTANCE',
      severity: 'error',
      object: `CiliumBGPNodeConfig/${nodeName}/${s.name}`,
      message: `the instance does not start: ${s.reason}`,
    });
  }
  problems.push(...desired.problems);
  return { node: nodeName, nodeConfig, operator, lbIpam: lb, desired, problems };
}

function selects(selector: Parameters<typeof compileSelector>[0], labels: Readonly<Record<string, string>>): boolean {
  try {
    // The v1 policy: a nil nodeSelector selects every node.
    return compileSelector(selector, 'everything').matches(labels);
  } catch (e) {
    if (e instanceof CiliumSemanticsError) return false;
    throw e;
  }
}
