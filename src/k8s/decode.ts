/**
 * Kubernetes objects as read from YAML (`yaml-read.ts`) → typed objects of the kinds v6net models, validated the way
 * the API server would (structural schema per served version: types, enums, ranges, required fields), with every
 * problem located at its file:line. Never throws. An object with an error is still returned, marked `valid: false`:
 * checks can look at it, while the Cilium semantics skip it (the API server would have refused it).
 *
 * Codes: E_SCHEMA_* (from `core/schema-walk.ts`; an unknown field is a warning, as `kubectl apply` prints one and the
 * CRD's structural schema prunes it), E_PREFIX_SYNTAX / E_ADDRESS_SYNTAX for IP text, E_K8S_API_VERSION (a kind at
 * a version the API does not serve), E_K8S_NO_NAME.
 */
import type { TSchema } from '@sinclair/typebox';
import type { Diagnostic } from '../core/diagnostic.js';
import { type DataPath, walkSchema } from '../core/schema-walk.js';
import { Ipv4Address, tryParseAddress, tryParsePrefix } from '../ip/index.js';
import type { DecodedKindName, DecodedKinds } from './kinds.js';
import { K8sFormat } from './schemas/common.js';
import { ciliumKindVersions, ciliumObjectSchema, type CiliumVersion } from './schemas/cilium.js';
import { endpointSliceSchema, nodeSchema, secretSchema, serviceSchema } from './schemas/core.js';
import type { ReadObject } from './yaml-read.js';

export interface Decoded<T> {
  readonly object: T;
  readonly read: ReadObject;
  /** False when the object has an error-level problem (the API server would refuse it). */
  readonly valid: boolean;
}

export type DecodedObject = {
  [K in DecodedKindName]: { readonly kind: K } & Decoded<DecodedKinds[K]>;
}[DecodedKindName];

export interface DecodeResult {
  /** Undefined for kinds v6net does not model (they are not errors). */
  readonly decoded?: DecodedObject;
  readonly diagnostics: Diagnostic[];
}

const CORE: Readonly<Record<string, { readonly apiVersions: readonly string[]; readonly schema: TSchema }>> = {
  Node: { apiVersions: ['v1'], schema: nodeSchema },
  Service: { apiVersions: ['v1'], schema: serviceSchema },
  Secret: { apiVersions: ['v1'], schema: secretSchema },
  EndpointSlice: { apiVersions: ['discovery.k8s.io/v1'], schema: endpointSliceSchema },
};

const STANDARD_COMMUNITY = /^(\d{1,5}):(\d{1,5})$|^(\d{1,10})$/;
const LARGE_COMMUNITY = /^(\d{1,10}):(\d{1,10}):(\d{1,10})$/;

function communityProblem(text: string, large: boolean): string | undefined {
  const m = (large ? LARGE_COMMUNITY : STANDARD_COMMUNITY).exec(text);
  if (m === null) return large ? 'expected global:local1:local2' : 'expected asn:value or one decimal number';
  if (large) return m.slice(1).some((x) => Number(x) > 4294967295) ? 'each part must be 0..4294967295' : undefined;
  if (m[3] !== undefined) return Number(m[3]) > 4294967295 ? 'the number must be 0..4294967295' : undefined;
  return Number(m[1]) > 65535 || Number(m[2]) > 65535 ? 'each part must be 0..65535' : undefined;
}

/** Checks a text field of a known `format`; returns [code, message] of the problem, if any. */
function formatProblem(text: string, format: string): [string, string] | undefined {
  switch (format) {
    case K8sFormat.ipAddress:
    case K8sFormat.ipAddressNoZone: {
      const r = tryParseAddress(text, { allowZone: format === K8sFormat.ipAddress });
      return r.ok ? undefined : ['E_ADDRESS_SYNTAX', `invalid IP address ${JSON.stringify(text)}: ${r.message}`];
    }
    case K8sFormat.ipv4Address: {
      const r = Ipv4Address.tryParse(text);
      return r.ok ? undefined : ['E_ADDRESS_SYNTAX', `invalid IPv4 address ${JSON.stringify(text)}: ${r.message}`];
    }
    case K8sFormat.cidr: {
      const r = tryParsePrefix(text);
      return r.ok ? undefined : ['E_PREFIX_SYNTAX', `invalid CIDR ${JSON.stringify(text)}: ${r.message}`];
    }
    case K8sFormat.standardCommunity:
    case K8sFormat.largeCommunity: {
      const problem = communityProblem(text, format === K8sFormat.largeCommunity);
      return problem === undefined
        ? undefined
        : ['E_SCHEMA_PATTERN', `invalid community ${JSON.stringify(text)}: ${problem}`];
    }
    default:
      return undefined;
  }
}

/** Validates one object against the schema of its kind and version. */
export function decodeK8sObject(read: ReadObject): DecodeResult {
  const { apiVersion, kind } = read.object;
  const diagnostics: Diagnostic[] = [];
  const report = (
    code: string,
    path: DataPath,
    message: string,
    severity: Diagnostic['severity'] = 'error',
    hint?: string,
  ) => {
    const source = read.locate(path) ?? read.source;
    diagnostics.push({ code, severity, message, path: [...path], source, ...(hint ? { hint } : {}) });
  };

  let schema: TSchema | undefined;
  const cilium = /^cilium\.io\/(.+)$/.exec(apiVersion);
  const versions = ciliumKindVersions[kind];
  if (cilium !== null && versions !== undefined) {
    const v = cilium[1] as CiliumVersion;
    if (!versions.includes(v)) {
      report(
        'E_K8S_API_VERSION',
        ['apiVersion'],
        `${kind} is not served as ${apiVersion}`,
        'error',
        `use ${versions.map((x) => `cilium.io/${x}`).join(' or ')}`,
      );
      return { diagnostics };
    }
    schema = ciliumObjectSchema(kind, v);
  } else {
    const core = CORE[kind];
    if (core === undefined) return { diagnostics };
    if (!core.apiVersions.includes(apiVersion)) {
      // Another group with the same kind name (e.g. a CRD of its own): not ours.
      return { diagnostics };
    }
    schema = core.schema;
  }
  if (schema === undefined) return { diagnostics };

  walkSchema(read.object, schema, {
    report(code, path, message, options) {
      const at = options?.at === 'parent' ? path.slice(0, -1) : path;
      report(code, at, message, code === 'E_SCHEMA_UNKNOWN_KEY' ? 'warning' : 'error', options?.hint);
    },
    checkFormat(text, format, path) {
      const problem = formatProblem(text, format);
      if (problem !== undefined) report(problem[0], path, problem[1]);
    },
  });
  if (read.object.metadata.name === '') {
    report('E_K8S_NO_NAME', ['metadata'], `${kind} has no metadata.name`);
  }
  const valid = !diagnostics.some((d) => d.severity === 'error');
  return {
    decoded: { kind: kind as DecodedKindName, object: read.object as never, read, valid } as DecodedObject,
    diagnostics,
  };
}

/** Every decoded object of a set of files, grouped by kind (in input order), plus what was not modelled. */
export interface K8sInventory {
  readonly byKind: { readonly [K in DecodedKindName]: readonly Decoded<DecodedKinds[K]>[] };
  /** Objects of kinds v6net does not model (Deployments, other CRDs, ...). */
  readonly other: readonly ReadObject[];
  readonly diagnostics: readonly Diagnostic[];
}

const KIND_NAMES: readonly DecodedKindName[] = [
  'CiliumBGPClusterConfig',
  'CiliumBGPPeerConfig',
  'CiliumBGPAdvertisement',
  'CiliumBGPNodeConfigOverride',
  'CiliumBGPNodeConfig',
  'CiliumLoadBalancerIPPool',
  'CiliumBGPPeeringPolicy',
  'CiliumNode',
  'Node',
  'Service',
  'EndpointSlice',
  'Secret',
];

export function buildK8sInventory(reads: readonly ReadObject[]): K8sInventory {
  const byKind = Object.fromEntries(KIND_NAMES.map((k) => [k, [] as Decoded<unknown>[]])) as Record<
    DecodedKindName,
    Decoded<unknown>[]
  >;
  const other: ReadObject[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const read of reads) {
    const r = decodeK8sObject(read);
    diagnostics.push(...r.diagnostics);
    if (r.decoded === undefined) {
      if (r.diagnostics.length === 0) other.push(read);
      continue;
    }
    byKind[r.decoded.kind].push(r.decoded);
  }
  return { byKind: byKind as unknown as K8sInventory['byKind'], other, diagnostics };
}

/** The valid objects of one kind (what a cluster would hold). */
export function validObjects<K extends DecodedKindName>(inventory: K8sInventory, kind: K): DecodedKinds[K][] {
  return inventory.byKind[kind].filter((d) => d.valid).map((d) => d.object);
}
