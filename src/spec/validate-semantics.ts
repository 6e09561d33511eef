/**
 * Cross-field validation the schema cannot express: duplicate names (E_DUPLICATE_NAME), references to unknown
 * routers and nodes (E_UNKNOWN_REF), fields used in the wrong role or type (E_FIELD_NOT_FOR_ROLE), fields a type
 * needs (E_SCHEMA_REQUIRED) and the mandatory plan roles (E_ROLE_MISSING, E_ROLE_DUPLICATE).
 * Runs on the raw data even when the structure has errors (every access is guarded), so one load reports all.
 */
import { closestMatch } from '../core/did-you-mean.js';
import type { DataPath } from './plan-types.js';
import type { Reporter } from './reporter.js';

type Data = Record<string, unknown>;

function record(value: unknown): Data | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Data) : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Roles the plan must contain exactly once, and roles it may contain at most once. */
export const REQUIRED_ROLES = ['pod-cidr', 'service-cidr', 'node-network'] as const;
export const SINGLE_ROLES = [...REQUIRED_ROLES, 'loopbacks'] as const;

/** Plan-entry fields that only make sense for some roles. */
export const ROLE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  nodeMaskSize: ['pod-cidr'],
  vlan: ['node-network', 'router-uplink'],
  serviceSelector: ['lb-pool'],
  allowFirstLastIPs: ['lb-pool'],
};

/** Advertisement fields that only make sense for some advertisement types. */
const ADVERTISEMENT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  addresses: ['Service'],
  selector: ['Service'],
  aggregationLengthIPv6: ['Service'],
};

/** Service fields that only make sense for some Service types. */
const SERVICE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  loadBalancerClass: ['LoadBalancer'],
  requestedIPs: ['LoadBalancer'],
  sharingKey: ['LoadBalancer'],
  externalTrafficPolicy: ['LoadBalancer', 'NodePort'],
};

export function validateSemantics(data: unknown, r: Reporter): void {
  const root = record(data);
  if (!root) return;
  const cluster = record(root['cluster']);
  const plan = list(root['plan']);
  const nodes = list(cluster?.['nodes']);
  const routers = list(root['routers']);
  const advertisements = list(cluster?.['advertisements']);
  const services = list(record(root['workloads'])?.['services']);

  duplicateNames(plan, ['plan'], 'plan entry', r);
  duplicateNames(nodes, ['cluster', 'nodes'], 'node', r);
  duplicateNames(routers, ['routers'], 'router', r);
  duplicateNames(advertisements, ['cluster', 'advertisements'], 'advertisement', r);
  duplicateServices(services, r);

  checkRoles(plan, r);
  typedFields(plan, ['plan'], 'role', ROLE_FIELDS, r);
  typedFields(advertisements, ['cluster', 'advertisements'], 'type', ADVERTISEMENT_FIELDS, r);
  typedFields(services, ['workloads', 'services'], 'type', SERVICE_FIELDS, r);
  advertisements.forEach((item, i) => {
    const adv = record(item);
    if (adv?.['type'] === 'Service' && adv['addresses'] === undefined) {
      r.report(
        'E_SCHEMA_REQUIRED',
        ['cluster', 'advertisements', i, 'addresses'],
        "a Service advertisement needs 'addresses'",
        { at: 'parent', hint: 'list some of LoadBalancerIP, ClusterIP, ExternalIP' },
      );
    }
  });

  const routerNames = names(routers);
  const upstream = record(root['upstream']);
  list(upstream?.['neighbors']).forEach((item, i) => {
    const name = text(record(item)?.['router']);
    if (name !== undefined && !routerNames.includes(name)) {
      unknownRef(['upstream', 'neighbors', i, 'router'], 'router', name, routerNames, r);
    }
  });

  const nodeNames = names(nodes);
  services.forEach((item, i) => {
    list(record(item)?.['endpoints']).forEach((endpoint, j) => {
      if (typeof endpoint === 'string' && !nodeNames.includes(endpoint)) {
        unknownRef(['workloads', 'services', i, 'endpoints', j], 'node', endpoint, nodeNames, r);
      }
    });
  });
}

function names(items: unknown[]): string[] {
  const out: string[] = [];
  for (const item of items) {
    const name = text(record(item)?.['name']);
    if (name !== undefined) out.push(name);
  }
  return out;
}

function unknownRef(path: DataPath, what: string, name: string, known: string[], r: Reporter): void {
  const close = closestMatch(name, known);
  r.report('E_UNKNOWN_REF', path, `no ${what} named '${name}'`, {
    hint: close ? `did you mean '${close}'?` : known.length > 0 ? `known: ${known.join(', ')}` : `no ${what}s defined`,
  });
}

function duplicateNames(items: unknown[], base: DataPath, what: string, r: Reporter): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const name = text(record(item)?.['name']);
    if (name === undefined) return;
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, i);
      return;
    }
    r.report('E_DUPLICATE_NAME', [...base, i, 'name'], `${what} name '${name}' is used more than once`, {
      related: [{ message: 'first used here', path: [...base, earlier, 'name'] }],
    });
  });
}

function duplicateServices(services: unknown[], r: Reporter): void {
  const first = new Map<string, number>();
  services.forEach((item, i) => {
    const svc = record(item);
    const name = text(svc?.['name']);
    if (name === undefined) return;
    const key = `${text(svc?.['namespace']) ?? 'default'}/${name}`;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, i);
      return;
    }
    r.report('E_DUPLICATE_NAME', ['workloads', 'services', i, 'name'], `Service '${key}' is defined more than once`, {
      related: [{ message: 'first defined here', path: ['workloads', 'services', earlier, 'name'] }],
    });
  });
}

function checkRoles(plan: unknown[], r: Reporter): void {
  if (plan.length === 0) return; // the schema already reports an empty or missing plan
  const seen = new Map<string, number>();
  plan.forEach((item, i) => {
    const role = text(record(item)?.['role']);
    if (role === undefined) return;
    const earlier = seen.get(role);
    if (earlier === undefined) {
      seen.set(role, i);
      return;
    }
    if ((SINGLE_ROLES as readonly string[]).includes(role)) {
      r.report('E_ROLE_DUPLICATE', ['plan', i, 'role'], `the plan may have only one '${role}' entry`, {
        related: [{ message: 'first one', path: ['plan', earlier, 'role'] }],
      });
    }
  });
  for (const role of REQUIRED_ROLES) {
    if (!seen.has(role)) {
      r.report('E_ROLE_MISSING', ['plan'], `the plan has no '${role}' entry`, {
        hint: `add a plan entry with role: ${role}`,
      });
    }
  }
}

function typedFields(
  items: unknown[],
  base: DataPath,
  discriminator: string,
  fields: Readonly<Record<string, readonly string[]>>,
  r: Reporter,
): void {
  items.forEach((item, i) => {
    const entry = record(item);
    const kind = text(entry?.[discriminator]);
    if (!entry || kind === undefined) return;
    for (const [field, kinds] of Object.entries(fields)) {
      if (entry[field] === undefined || kinds.includes(kind)) continue;
      r.report('E_FIELD_NOT_FOR_ROLE', [...base, i, field], `'${field}' does not apply to ${discriminator} ${kind}`, {
        at: 'key',
        hint: `'${field}' is only for ${discriminator} ${kinds.join(' / ')}`,
      });
    }
  });
}
