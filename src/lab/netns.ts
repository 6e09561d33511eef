/**
 * Network namespaces and veth pairs for lab runs (needs root and iproute2). Every namespace is created and deleted
 * by its exact name; addresses are added with `nodad` so they are usable at once, and `waitAddressUsable` checks it.
 */
import { LabError, LabErrorCode } from './errors.js';
import { runCommand } from './processes.js';
import { pollUntil } from './wait.js';

/** Linux limits interface names to 15 characters (IFNAMSIZ - 1). */
const maxIfNameLength = 15;
const namePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

function checkName(kind: string, name: string, maxLength: number): void {
  if (!namePattern.test(name) || name.length > maxLength) {
    throw new LabError(LabErrorCode.badInput, `${kind} name ${JSON.stringify(name)} is not usable`);
  }
}

/** The namespaces that exist now. */
export async function listNamespaces(): Promise<string[]> {
  const { stdout } = await runCommand('ip', ['netns', 'list']);
  return stdout
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name !== '');
}

/** Creates namespace `name` with its loopback up (so ::1 and 127.0.0.1 work inside it). */
export async function createNamespace(name: string): Promise<void> {
  checkName('namespace', name, 64);
  await runCommand('ip', ['netns', 'add', name]);
  await runCommand('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
}

/** Deletes namespace `name` (exactly that one); no error if it is already gone. */
export async function deleteNamespace(name: string): Promise<void> {
  checkName('namespace', name, 64);
  await runCommand('ip', ['netns', 'delete', name], { allowFailure: true });
}

export interface VethEnd {
  readonly namespace: string;
  readonly ifName: string;
  /** Addresses with prefix length, e.g. `2001:db8:1::1/64`. */
  readonly addresses: readonly string[];
}

/** Creates a veth pair directly between two namespaces (no name ever exists in the caller's namespace). */
export async function createVethPair(a: VethEnd, b: VethEnd): Promise<void> {
  checkName('interface', a.ifName, maxIfNameLength);
  checkName('interface', b.ifName, maxIfNameLength);
  await runCommand('ip', [
    'link',
    'add',
    a.ifName,
    'netns',
    a.namespace,
    'type',
    'veth',
    'peer',
    'name',
    b.ifName,
    'netns',
    b.namespace,
  ]);
  for (const end of [a, b]) {
    for (const address of end.addresses) await addAddress(end.namespace, end.ifName, address);
    await setLinkUp(end.namespace, end.ifName, true);
  }
}

/** Adds an IPv6 (or IPv4) address with `nodad`: no duplicate address detection delay. */
export async function addAddress(namespace: string, ifName: string, addressWithLength: string): Promise<void> {
  const family = addressWithLength.includes(':') ? ['-6'] : ['-4'];
  const extra = family[0] === '-6' ? ['nodad'] : [];
  await runCommand('ip', ['-n', namespace, ...family, 'addr', 'add', addressWithLength, 'dev', ifName, ...extra]);
}

export async function setLinkUp(namespace: string, ifName: string, up: boolean): Promise<void> {
  await runCommand('ip', ['-n', namespace, 'link', 'set', ifName, up ? 'up' : 'down']);
}

interface IpAddrJson {
  ifname?: string;
  operstate?: string;
  addr_info?: { local?: string; tentative?: boolean; dadfailed?: boolean }[];
}

/**
 * Waits until `address` is present in `namespace`, not tentative (DAD done or skipped) and its link is up. Bounded
 * by `timeoutMs`.
 */
export async function waitAddressUsable(namespace: string, address: string, timeoutMs = 5_000): Promise<void> {
  await pollUntil(
    async () => {
      const { stdout } = await runCommand('ip', ['-n', namespace, '-j', 'addr', 'show']);
      const links = JSON.parse(stdout) as IpAddrJson[];
      for (const link of links) {
        for (const info of link.addr_info ?? []) {
          if (info.local !== address) continue;
          if (info.dadfailed) throw new LabError(LabErrorCode.commandFailed, `${address} failed DAD`);
          if (!info.tentative && link.operstate !== 'DOWN') return true;
        }
      }
      return undefined;
    },
    { timeoutMs, intervalMs: 100, what: `${address} usable in ${namespace}` },
  );
}

/**
 * A set of namespaces created together and deleted together. Names get a unique suffix from the caller (e.g.
 * `v6n-frr-<pid>`), so parallel runs on one machine never collide.
 */
export class NamespaceSet {
  private readonly created: string[] = [];

  async create(name: string): Promise<string> {
    await createNamespace(name);
    this.created.push(name);
    return name;
  }

  get names(): readonly string[] {
    return this.created;
  }

  /** Deletes every namespace this set created, by name; never throws. */
  async deleteAll(): Promise<void> {
    for (const name of this.created.splice(0).reverse()) {
      try {
        await deleteNamespace(name);
      } catch {
        // Best effort: a failed delete must not hide the test's own error.
      }
    }
  }
}

/**
 * Adds (or removes) a blackhole route for `prefix` in `namespace`: packets from there to `prefix` are dropped
 * silently, with no carrier change the daemons could notice and no RST or ICMP sent.
 */
export async function setBlackhole(namespace: string, prefix: string, on: boolean): Promise<void> {
  const family = prefix.includes(':') ? '-6' : '-4';
  await runCommand('ip', ['-n', namespace, family, 'route', on ? 'add' : 'del', 'blackhole', prefix]);
}
