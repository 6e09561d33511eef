/**
 * The BGP operator's reconcile (reference §2, §1.1 conditions, §1.2 MissingAuthSecret, §3.3 ip-pool router IDs):
 * for each ClusterConfig in order and each node its nodeSelector matches (nil = all nodes), build the node's
 * CiliumBGPNodeConfig — instances and peers in ClusterConfig order, merged with the NodeConfigOverride named after
 * the node (routerID, localASN, localPort per instance; only localAddress per peer). A node whose NodeConfig is owned
 * by another ClusterConfig is skipped and reported as a conflict (the first owner keeps it). NodeConfigs of a
 * ClusterConfig whose nodes no longer match are deleted (their ip-pool IDs freed).
 */
import type { K8sCondition } from '../../k8s/objects-core.js';
import { tryParseAddress } from '../../ip/parse.js';
import { CiliumErrorCode, CiliumSemanticsError } from '../errors.js';
import { compileSelector } from '../selector.js';
import { RouterIdPool } from './router-id.js';
import {
  type ClusterConfigObject,
  ClusterConfigCondition,
  defaultOperatorOptions,
  type NodeConfigInstance,
  type NodeConfigObject,
  type NodeConfigOverrideObject,
  type NodeConfigPeer,
  type OperatorInput,
  type OperatorOptions,
  type OperatorProblem,
  type OperatorResult,
  PeerConfigCondition,
} from './types.js';

const CLUSTER_CONFIG_KIND = 'CiliumBGPClusterConfig';

/** ClusterConfigs read from files have no uid; the name stands in for it (names are unique, cluster-scoped). */
export const uidOf = (cc: ClusterConfigObject): string => cc.metadata.uid ?? `uid-${cc.metadata.name}`;

function ownerRef(nc: NodeConfigObject) {
  return nc.metadata.ownerReferences.find((o) => o.kind === CLUSTER_CONFIG_KIND);
}

/** Deep equality of plain JSON data (key order ignored, undefined members ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
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

/** Go's `%v` of a string slice: `[a b]`. */
const goList = (items: readonly string[]): string => `[${items.join(' ')}]`;

interface BuildContext {
  readonly ids: RouterIdPool | undefined;
  readonly problems: OperatorProblem[];
  readonly object: string;
}

/**
 * `toNodeBGPInstance`: the node's instances. Returns undefined when an override router ID is unusable — Cilium then
 * skips the node this round (no NodeConfig is created or changed).
 */
function buildInstances(
  cc: ClusterConfigObject,
  nodeName: string,
  override: NodeConfigOverrideObject | undefined,
  ctx: BuildContext,
): NodeConfigInstance[] | undefined {
  const instances: NodeConfigInstance[] = [];
  let failed = false;
  for (const inst of cc.spec.bgpInstances) {
    const key = `${nodeName}/${inst.name}`;
    let routerID = ctx.ids?.get(key);
    let localASN = inst.localASN;
    let localPort = inst.localPort;
    let ov = override?.spec.bgpInstances.find((o) => o.name === inst.name);
    if (ov?.routerID !== undefined) {
      const fail = (message: string) => {
        ctx.problems.push({ code: CiliumErrorCode.routerId, severity: 'error', message, object: ctx.object, key });
        failed = true;
        ov = undefined; // Cilium: the override's other fields are not applied either
      };
      if (!tryParseAddress(ov.routerID).ok) fail(`failed to parse router ID for node ${nodeName}: ${ov.routerID}`);
      else if (ctx.ids !== undefined) {
        const r = ctx.ids.override(key, ov.routerID);
        if (r.ok) routerID = r.routerId;
        else fail(r.message);
      } else routerID = ov.routerID;
    }
    if (ov !== undefined) {
      if (ov.localPort !== undefined) localPort = ov.localPort;
      if (ov.localASN !== undefined) localASN = ov.localASN;
    }
    const peers: NodeConfigPeer[] = (inst.peers ?? []).map((p) => {
      // reference §2 step 6: from the override peer only localAddress is taken (its localPort has no effect).
      const localAddress = ov?.peers?.find((x) => x.name === p.name)?.localAddress;
      return {
        name: p.name,
        ...(p.peerAddress !== undefined ? { peerAddress: p.peerAddress } : {}),
        ...(p.peerASN !== undefined ? { peerASN: p.peerASN } : {}),
        ...(p.peerConfigRef !== undefined ? { peerConfigRef: { name: p.peerConfigRef.name } } : {}),
        ...(p.autoDiscovery !== undefined ? { autoDiscovery: p.autoDiscovery } : {}),
        ...(localAddress !== undefined ? { localAddress } : {}),
      };
    });
    instances.push({
      name: inst.name,
      ...(localASN !== undefined ? { localASN } : {}),
      ...(routerID !== undefined ? { routerID } : {}),
      ...(localPort !== undefined ? { localPort } : {}),
      peers,
    });
  }
  return failed ? undefined : instances;
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
  const overrides = new Map(input.overrides.map((o) => [o.metadata.name, o]));
  const peerConfigNames = new Set(input.peerConfigs.map((p) => p.metadata.name));
  const ccConditions = new Map<string, K8sCondition[]>();

  let ids: RouterIdPool | undefined;
  if (options.routerIdAllocation.mode === 'ip-pool') {
    ids = pool;
    if (ids === undefined) {
      try {
        ids = new RouterIdPool(options.routerIdAllocation.pool);
      } catch (e) {
        if (!(e instanceof CiliumSemanticsError)) throw e;
        // reference §3.3: the operator is Degraded and allocates nothing.
        problems.push({ code: e.code, severity: 'error', message: e.message, object: 'operator' });
        return emptyResult(input, problems);
      }
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
      // The whole ClusterConfig fails this round: nothing created, deleted, or reported.
      problems.push({ code: e.code, severity: 'error', message: e.message, object });
      continue;
    }
    for (const node of input.nodes) {
      if (!selector.matches(node.labels)) continue;
      matching.add(node.name);
      if (ids !== undefined) {
        for (const inst of cc.spec.bgpInstances) {
          const key = `${node.name}/${inst.name}`;
          if (ids.get(key) === undefined && ids.allocate(key) === undefined) {
            problems.push({
              code: CiliumErrorCode.routerId,
              severity: 'error',
              message: `failed to allocate router ID for node and instance ${key}: the router-ID pool is full`,
              object,
              key,
            });
          }
        }
      }
      const existing = byName.get(node.name);
      if (existing !== undefined && ownerRef(existing)?.uid !== uid) {
        // reference §2 step 4: the first owner keeps the node; this ClusterConfig reports the conflict.
        const owner = ownerRef(existing)?.name;
        if (owner !== undefined && owner !== '') conflicts.add(owner);
        continue;
      }
      const instances = buildInstances(cc, node.name, overrides.get(node.name), { ids, problems, object });
      if (instances === undefined) continue;
      const desired: NodeConfigObject = {
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumBGPNodeConfig',
        metadata: {
          name: node.name,
          ownerReferences: [
            { apiVersion: 'cilium.io/v2', kind: CLUSTER_CONFIG_KIND, name: ccName, uid, controller: true },
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
    // NodeConfigs this ClusterConfig owns whose node no longer matches are stale: delete, free their router IDs.
    for (const [name, nc] of [...byName]) {
      if (ownerRef(nc)?.uid === uid && !matching.has(name)) {
        byName.delete(name);
        deleted.push(name);
        for (const inst of nc.spec.bgpInstances) ids?.free(`${name}/${inst.name}`);
      }
    }
    if (!options.statusReport) {
      ccConditions.set(ccName, []);
      continue;
    }
    const missing = [
      ...new Set(
        cc.spec.bgpInstances.flatMap((i) =>
          (i.peers ?? [])
            .map((p) => p.peerConfigRef?.name)
            .filter((n): n is string => n !== undefined && !peerConfigNames.has(n)),
        ),
      ),
    ].sort();
    const gen = cc.metadata.generation;
    const conflictList = [...conflicts].sort();
    ccConditions.set(
      ccName,
      [
        condition(
          ClusterConfigCondition.conflictingClusterConfig,
          conflictList.length > 0,
          'ConflictingClusterConfigs',
          conflictList.length > 0 ? `Selecting the same node(s) with ClusterConfig(s): ${goList(conflictList)}` : '',
          gen,
        ),
        condition(
          ClusterConfigCondition.missingPeerConfigs,
          missing.length > 0,
          'MissingPeerConfigs',
          missing.length > 0 ? `Referenced CiliumBGPPeerConfig(s) are missing: ${goList(missing)}` : '',
          gen,
        ),
        // The message stays even when False (Cilium sets it unconditionally).
        condition(
          ClusterConfigCondition.noMatchingNode,
          matching.size === 0,
          'NoMatchingNode',
          'No node matches spec.nodeSelector',
          gen,
        ),
      ].sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0)),
    );
  }
  // NodeConfigs whose owning ClusterConfig is gone are garbage-collected through their ownerReference.
  const liveUids = new Set(input.clusterConfigs.map(uidOf));
  for (const [name, nc] of [...byName]) {
    const o = ownerRef(nc)?.uid;
    if (o !== undefined && !liveUids.has(o)) {
      byName.delete(name);
      deleted.push(name);
      for (const inst of nc.spec.bgpInstances) ids?.free(`${name}/${inst.name}`);
    }
  }

  return {
    nodeConfigs: [...byName.values()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1)),
    created,
    updated,
    deleted: [...new Set(deleted)],
    clusterConfigConditions: ccConditions,
    peerConfigConditions: peerConfigConditions(input, options),
    problems,
  };
}

/**
 * reference §1.2: `cilium.io/MissingAuthSecret` is True when `authSecretRef` is set (even to "") and no Secret of
 * that name exists in the secrets namespace; not reported at all without a secrets namespace or status reporting.
 */
function peerConfigConditions(input: OperatorInput, options: OperatorOptions): Map<string, K8sCondition[]> {
  const out = new Map<string, K8sCondition[]>();
  const ns = options.secretsNamespace;
  for (const pc of input.peerConfigs) {
    if (!options.statusReport || ns === undefined) {
      out.set(pc.metadata.name, []);
      continue;
    }
    const ref = pc.spec.authSecretRef;
    const missing =
      ref !== undefined &&
      !input.secrets.some((s) => s.metadata.name === ref && (s.metadata.namespace ?? 'default') === ns);
    out.set(pc.metadata.name, [
      condition(
        PeerConfigCondition.missingAuthSecret,
        missing,
        'MissingAuthSecret',
        missing ? `Referenced Auth Secret ${JSON.stringify(ref)} is missing` : '',
        pc.metadata.generation,
      ),
    ]);
  }
  return out;
}

function emptyResult(input: OperatorInput, problems: OperatorProblem[]): OperatorResult {
  return {
    nodeConfigs: [...(input.existingNodeConfigs ?? [])],
    created: [],
    updated: [],
    deleted: [],
    clusterConfigConditions: new Map(),
    peerConfigConditions: new Map(),
    problems,
  };
}
