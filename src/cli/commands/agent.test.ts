import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SpeakerBgpControlPort } from '../../cilium/agent/speaker-port.js';
import { VirtualClock } from '../../core/clock.js';
import { MemoryNetwork } from '../../bgp/transport/memory-transport.js';
import type { CliIo } from '../io.js';
import { main } from '../main.js';
import { artifactSignature, listArtifactFiles } from './agent-artifacts.js';
import { startAgentControl } from './agent-control.js';
import { planOptionsFromFlags } from './agent-options.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const FIXTURE = 'test/fixtures/cilium/homelab';
const temp = mkdtempSync(join(tmpdir(), 'v6net-agent-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    cwd: root,
    env: {},
    isTty: false,
  };
  const code = await main(['agent', ...args], io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('v6net agent --dry-run', () => {
  it('prints what the node announces to each peer and family, and why', async () => {
    const r = await run(['--node', 'k8s-w-01', '--dry-run', FIXTURE]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('peer r01 2001:db8:ae3:fff0::1 AS 65666 (eBGP, TTL 4), PeerConfig cilium-peer');
    expect(r.stdout).toMatch(
      /2001:db8:ae3:c401::\/128\s+self\s+-\s+-\s+-\s+LoadBalancerIP 2001:db8:ae3:c401:: of Service ingress\/ingress/,
    );
    expect(r.stdout).toMatch(/2001:db8:ae3:c203::\/64\s+self\s+65000:99\s+-\s+99 not sent \(eBGP\)/);
    expect(r.stdout).toContain('ingress/ingress: 2001:db8:ae3:c401::  IPAMRequestSatisfied=True (satisfied)');
    expect(r.stdout).not.toContain('v6net-e2e-Md5-secret');
  });

  it('--json gives the report as data', async () => {
    const r = await run(['--node', 'k8s-cp-01', '--dry-run', '--json', FIXTURE]);
    const report = JSON.parse(r.stdout) as {
      instances: { peers: { advertised: { routes: { prefix: string }[] }[] }[] }[];
      notAnnounced: { service: string; reason: string }[];
    };
    expect(report.instances[0]!.peers[0]!.advertised[0]!.routes.map((x) => x.prefix)).not.toContain(
      '2001:db8:ae3:c401::/128',
    );
    expect(report.notAnnounced).toContainEqual(
      expect.objectContaining({
        service: 'ingress/ingress',
        reason: 'externalTrafficPolicy=Local and no local active endpoint on k8s-cp-01',
      }),
    );
    expect(r.stdout).not.toContain('v6net-e2e-Md5-secret');
  });

  it('an unknown node exits 1; located YAML errors are printed', async () => {
    const bad = join(temp, 'bad.yaml');
    writeFileSync(
      bad,
      'apiVersion: cilium.io/v2\nkind: CiliumBGPPeerConfig\nmetadata:\n  name: p\nspec:\n  timers:\n    holdTimeSeconds: 1\n',
    );
    const r = await run(['--node', 'nope', '--dry-run', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:7:\d+ error E_SCHEMA_RANGE/);
    expect(r.stdout).toContain('E_AGENT_NODE_UNKNOWN');
  });

  it.each([
    [['--dry-run', FIXTURE], '--node NAME is required'],
    [['--node', 'x'], 'give at least one artifact file or directory'],
    [['--node', 'x', '--ip-families', 'ipv5', FIXTURE], '--ip-families must be one of ipv6, ipv4, dual'],
    [['--node', 'x', '--router-id-mode', 'ip-pool', FIXTURE], '--router-id-mode ip-pool needs --router-id-pool CIDR'],
    [['ctl', 'frobnicate', '--socket', '/nonexistent'], "unknown request 'frobnicate'"],
  ])('usage error %j', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('v6net agent: help, exit codes, no stack trace (a real process)', () => {
  const cli = (args: string[]) =>
    spawnSync(process.execPath, [join(root, 'bin/v6net.js'), 'agent', ...args], { encoding: 'utf8', cwd: temp });

  it('--help prints the usage, the Cilium flags and the exit codes', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: v6net agent --node NAME/);
    for (const flag of ['--dry-run', '--json', '--control-socket', '--advertisement-merge', 'ctl [--socket PATH]'])
      expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain('Exit codes: 0 ok, 1 ');
  });

  it.each([
    [
      'broken YAML',
      'broken.yaml',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports: [ {port: 80\n',
      1,
      /^broken\.yaml:\d+:\d+ error E_YAML_SYNTAX /m,
    ],
    [
      'a field of the wrong type',
      'typed.yaml',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n    - port: eighty\n',
      1,
      /^typed\.yaml:7:13 error E_SCHEMA_TYPE /m,
    ],
    [
      'an unknown apiVersion',
      'version.yaml',
      'apiVersion: cilium.io/v9\nkind: CiliumBGPPeerConfig\nmetadata:\n  name: p\n',
      1,
      /^version\.yaml:1:\d+ error E_K8S_API_VERSION /m,
    ],
    [
      'an object the API server refuses (CEL: hold 9 with the default keepalive 30)',
      'refused.yaml',
      'apiVersion: cilium.io/v2\nkind: CiliumBGPPeerConfig\nmetadata:\n  name: p\nspec:\n  timers:\n    holdTimeSeconds: 9\n',
      1,
      /^refused\.yaml:7:\d+ error E_CILIUM_CEL /m,
    ],
    ['a path that does not exist', undefined, undefined, 1, /no such file or directory/],
  ] as const)('%s: a located error, exit 1, no stack trace', (_, file, text, code, pattern) => {
    if (file !== undefined) writeFileSync(join(temp, file), text!);
    const r = cli(['--node', 'k8s-w-01', '--dry-run', file ?? 'missing.yaml']);
    expect(r.status).toBe(code);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('agent ctl with no agent listening: an error naming the socket, exit 1, no stack trace', () => {
    const r = cli(['ctl', '--socket', join(temp, 'nobody.sock'), 'peers']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('nobody.sock');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('agent flags and artifacts', () => {
  it('flags map onto the Cilium options', () => {
    const o = planOptionsFromFlags({
      'secrets-namespace': '',
      'ip-families': 'dual',
      'advertisement-merge': 'last-wins',
      'no-service-endpoints-routable': 'false',
      'cilium-host-mac': 'aa:bb:0a:00:00:01',
      'router-id-mode': 'ip-pool',
      'router-id-pool': '10.0.0.0/24',
    });
    expect(o.agent).toMatchObject({
      secretsNamespace: undefined,
      advertisementMerge: 'last-wins',
      noServiceEndpointsRoutable: false,
      ciliumHostMac: 'aa:bb:0a:00:00:01',
      routerIdMode: 'ip-pool',
    });
    expect(o.operator.routerIdAllocation).toEqual({ mode: 'ip-pool', pool: '10.0.0.0/24' });
    expect(o.lbIpam).toMatchObject({ ipv4Enabled: true, ipv6Enabled: true });
  });

  it('directories are searched for YAML in path order; the signature changes when a file changes', () => {
    const dir = join(temp, 'art');
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(join(temp, 'x.yaml'), 'a: 1\n');
    expect(() => listArtifactFiles(temp, ['missing'])).toThrow(expect.objectContaining({ code: 'E_AGENT_PATH' }));
    expect(listArtifactFiles(root, [FIXTURE]).map((f) => f.split('/').pop())).toEqual([
      'advertisements.yaml',
      'bgp.yaml',
      'lb-ipam.yaml',
      'node-overrides.yaml',
      'workloads.yaml',
    ]);
    const before = artifactSignature(temp, ['x.yaml']);
    writeFileSync(join(temp, 'x.yaml'), 'a: 12\n');
    expect(artifactSignature(temp, ['x.yaml'])).not.toBe(before);
  });
});

describe('agent ctl over the control socket', () => {
  it('prints the cilium bgp peers header for an agent without sessions, and routes with the defaulting note', async () => {
    const port = new SpeakerBgpControlPort({
      clock: new VirtualClock(),
      transport: new MemoryNetwork({ clock: new VirtualClock() }).transport('::1'),
    });
    const socket = join(temp, 'agent.sock');
    const server = await startAgentControl({ node: 'n1', port, report: () => undefined }, socket);
    try {
      const peers = await run(['ctl', '--socket', socket, 'peers']);
      expect(peers.stdout).toBe(
        'Node   Local AS   Peer AS   Peer Address   Session State   Uptime   Family   Received   Advertised\n',
      );
      const routes = await run(['ctl', '--socket', socket, 'routes']);
      expect(routes.stdout).toBe(
        '(Defaulting to `available ipv4 unicast` routes, please see help for more options)\n\nNode   VRouter   Prefix   NextHop   Age   Attrs\n',
      );
      const bad = await run(['ctl', '--socket', socket, 'routes', 'available', 'ipv9']);
      expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('unknown AFI `ipv9`')]);
    } finally {
      await server.close();
    }
  });
});
