/**
 * The BGP operator's reconcile (reference §2, §1.1 conditions, §1.2 MissingAuthSecret, §3.3 ip-pool router IDs):
 * for each ClusterConfig in order and each node its nodeSelector matches (nil = all nodes), build the node's
 * CiliumBGPNodeConfig — instances and peers in ClusterConfig order, merged with the NodeConfigOverride named after
 * the node (routerID, localASN, localPort per instance; only localAddress per peer). A node whose NodeConfig is owned
 * by another ClusterConfig is skipped and reported as a conflict (the first owner keeps it). NodeConfigs of a
 * ClusterConfig whose nodes no longer match are deleted (their ip-pool IDs freed).
 */
import type { K8sCondition } from '../../k8s/objects-core.js';
import { CiliumSemanticsError } from '../errors.js';
import { compileSelector } from '../selector.js';
import { RouterIdPool } from './router-id.js';
import {
  type ClusterConfigObject,
  ClusterConfigCondition,
  defaultOperatorOptions,
  type NodeConfigInstance,
  type NodeConfigObject,
  type NodeConfigPeer,
  type OperatorInput,
  type OperatorOptions,
  type OperatorProblem,
  type OperatorResult,
  PeerConfigCondition,
} from './types.js';

const uidOf = (cc: ClusterConfigObject): string => cc.metadata.uid ?? `uid-${cc.metadata.name}`;

function ownerUid(nc: NodeConfigObject): string | undefined {
  return nc.metadata.ownerReferences.find((o) => o.kind === 'CiliumBGPClusterConfig' && o.controller !== false)?.uid;
}

/** Deterministic deep equality of plain JSON data (key order ignored). */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function condition(type: string, isTrue: boolean, reason: string, message: string, gen?: number): K8sCondition {
  return {
    type,
    status: isTrue ? 'True' : 'False',
    reason,
    message,
    ...(gen !== undefined ? { observedGeneration: gen } : {}),
  };
}

/**
 * Run one operator reconcile. `pool` carries ip-pool allocations between calls (give the same instance to
 * successive calls); without it a pool is built and restored from `existingNodeConfigs`.
 */
export function reconcileOperator(
  input: OperatorInput,
  options: OperatorOptions = defaultOperatorOptions,
  pool?: RouterIdPool,
): OperatorResult {
  const problems: OperatorProblem[] = [];
  const byName = new Map<string, NodeConfigObject>();
  for (const nc of input.existingNodeConfigs ?? []) byName.set(nc.metadata.name, nc);
  const created: string[] = [];
  const updated: string[] = [];
  const deleted: string[] = [];
  const overrides = new Map(input.overrides.map((o) => [o.metadata.name, o.spec]));
  const peerConfigNames = new Set(input.peerConfigs.map((p) => p.metadata.name));
  const ccConditions = new Map<string, K8sCondition[]>();

  let ids: RouterIdPool | undefined;
  if (options.routerIdAllocation.mode === 'ip-pool') {
    ids = pool;
    if (ids === undefined) {
      ids = new RouterIdPool(options.routerIdAllocation.pool);
      for (const nc of input.existingNodeConfigs ?? []) {
        for (const inst of nc.spec.bgpInstances) {
          if (inst.routerID !== undefined) ids.restore(`${nc.metadata.name}/${inst.name}`, inst.routerID);
        }
      }
    }
    // reference §3.3: when no ClusterConfig exists, every allocation is cleared.
    if (input.clusterConfigs.length === 0) ids.clear();
  }

  for (const cc of input.clusterConfigs) {
    const ccName = cc.metadata.name;
    const object = `CiliumBGPClusterConfig/${ccName}`;
    const uid = uidOf(cc);
    const matching = new Set<string>();
    const conflicts = new Set<string>();
    let selector: ReturnType<typeof compileSelector>;
    try {
      // reference §1.1: a nil nodeSelector selects every node.
      selector = compileSelector(cc.spec.nodeSelector, 'everything');
    } catch (e) {
      if (!(e instanceof CiliumSemanticsError)) throw e;
      problems.push({ code: e.code, severity: 'error', message: e.message, object });
      continue;
    }
    for (const node of input.nodes) {
      if (!selector.matches(node.labels)) continue;
      matching.add(node.name);
      const existing = byName.get(node.name);
      const override = overrides.get(node.name);
      const instances: NodeConfigInstance[] = [];
      for (const inst of cc.spec.bgpInstances) {
        const key = `${node.name}/${inst.name}`;
        const ov = override?.bgpInstances.find((o) => o.name === inst.name);
        let routerID: string | undefined;
        if (ids !== undefined) {
          if (ov?.routerID !== undefined && ov.routerID !== '') {
            const r = ids.override(key, ov.routerID);
            if (r.ok) routerID = r.routerId;
            else problems.push({ code: 'E_CILIUM_ROUTER_ID', severity: 'error', message: r.message, object, key });
          } else {
            routerID = ids.allocate(key);
            if (routerID === undefined) {
              problems.push({
                code: 'E_CILIUM_ROUTER_ID',
                severity: 'error',
                message: `router-ID pool exhausted for ${key}`,
                object,
                key,
              });
            }
          }
        } else if (ov?.routerID !== undefined && ov.routerID !== '') {
          routerID = ov.routerID;
        }
        const peers: NodeConfigPeer[] = (inst.peers ?? []).map((p) => {
          const pov = ov?.peers?.find((x) => x.name === p.name);
          const ad = (p as { autoDiscovery?: unknown }).autoDiscovery;
          return {
            name: p.name,
            ...(p.peerAddress !== undefined ? { peerAddress: p.peerAddress } : {}),
            ...(p.peerASN !== undefined ? { peerASN: p.peerASN } : {}),
            ...(p.peerConfigRef !== undefined ? { peerConfigRef: { name: p.peerConfigRef.name } } : {}),
            ...(ad !== undefined ? { autoDiscovery: ad } : {}),
            // reference §2 step 6: only localAddress is taken from the peer override (its localPort is ignored).
            ...(pov?.localAddress !== undefined ? { localAddress: pov.localAddress } : {}),
          };
        });
        const localASN = ov?.localASN ?? inst.localASN;
        const localPort = ov?.localPort ?? inst.localPort;
        instances.push({
          name: inst.name,
          ...(localASN !== undefined ? { localASN } : {}),
          ...(routerID !== undefined ? { routerID } : {}),
          ...(localPort !== undefined ? { localPort } : {}),
          peers,
        });
      }
      if (existing !== undefined && ownerUid(existing) !== uid) {
        // reference §2 step 4: the first owner keeps the node; this ClusterConfig reports the conflict.
        const owner = existing.metadata.ownerReferences.find((o) => o.kind === 'CiliumBGPClusterConfig');
        conflicts.add(owner?.name ?? '<unknown>');
        continue;
      }
      const desired: NodeConfigObject = {
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumBGPNodeConfig',
        metadata: {
          name: node.name,
          ownerReferences: [
            { apiVersion: 'cilium.io/v2', kind: 'CiliumBGPClusterConfig', name: ccName, uid, controller: true },
          ],
        },
        spec: { bgpInstances: instances },
      };
      if (existing === undefined) {
        created.push(node.name);
        byName.set(node.name, desired);
      } else if (!deepEqual(existing.spec, desired.spec)) {
        updated.push(node.name);
        byName.set(node.name, { ...existing, spec: desired.spec });
      }
    }
    // Delete NodeConfigs this ClusterConfig owns whose node no longer matches.
    for (const [name, nc] of [...byName]) {
      if (ownerUid(nc) === uid && !matching.has(name)) {
        byName.delete(name);
        deleted.push(name);
        for (const inst of nc.spec.bgpInstances) ids?.free(`${name}/${inst.name}`);
      }
    }
    const missing = [
      ...new Set(
        cc.spec.bgpInstances.flatMap((i) =>
          (i.peers ?? [])
            .map((p) => p.peerConfigRef?.name)
            .filter((n): n is string => n !== undefined && n !== '' && !peerConfigNames.has(n)),
        ),
      ),
    ].sort();
    const gen = cc.metadata.generation;
    const conds = options.statusReport
      ? [
          condition(
            ClusterConfigCondition.conflictingClusterConfig,
            conflicts.size > 0,
            'ConflictingClusterConfigs',
            `Selecting the same node(s) with ClusterConfig(s): [${[...conflicts].sort().join(' ')}]`,
            gen,
          ),
          condition(
            ClusterConfigCondition.missingPeerConfigs,
            missing.length > 0,
            'MissingPeerConfigs',
            `Referenced CiliumBGPPeerConfig(s) are missing: [${missing.join(' ')}]`,
            gen,
          ),
          condition(
            ClusterConfigCondition.noMatchingNode,
            matching.size === 0,
            'NoMatchingNode',
            'No node matches spec.nodeSelector',
            gen,
          ),
        ].sort((a, b) => (a.type < b.type ? -1 : 1))
      : [];
    ccConditions.set(ccName, conds);
  }
  // NodeConfigs whose owning ClusterConfig is gone are garbage-collected through their ownerReference.
  const liveUids = new Set(input.clusterConfigs.map(uidOf));
  for (const [name, nc] of [...byName]) {
    const o = ownerUid(nc);
    if (o !== undefined && !liveUids.has(o)) {
      byName.delete(name);
      deleted.push(name);
      for (const inst of nc.spec.bgpInstances) ids?.free(`${name}/${inst.name}`);
    }
  }

  const secretNames = new Set(
    input.secrets
      .filter((s) => (s.metadata.namespace ?? 'default') === options.secretsNamespace)
      .map((s) => s.metadata.name),
  );
  const pcConditions = new Map<string, K8sCondition[]>();
  for (const pc of input.peerConfigs) {
    const ref = pc.spec.authSecretRef;
    const missingSecret = ref !== undefined && ref !== '' && !secretNames.has(ref);
    pcConditions.set(
      pc.metadata.name,
      options.statusReport
        ? [
            condition(
              PeerConfigCondition.missingAuthSecret,
              missingSecret,
              'MissingAuthSecret',
              `Referenced Auth Secret "${ref ?? ''}" is missing`,
              pc.metadata.generation,
            ),
          ]
        : [],
    );
  }

  return {
    nodeConfigs: [...byName.values()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1)),
    created,
    updated,
    deleted: [...new Set(deleted)],
    clusterConfigConditions: ccConditions,
    peerConfigConditions: pcConditions,
    problems,
  };
}
