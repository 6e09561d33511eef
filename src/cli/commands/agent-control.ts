/**
 * The agent's local control API (HTTP over a unix socket, like `cilium-dbg` talks to its agent) and its client:
 *   GET /peers                        {node, peers}    what `cilium bgp peers` shows for this node
 *   GET /routes?kind=K&family=F       {node, routes}   `cilium bgp routes available|advertised`
 *   GET /state                        the --dry-run report of the current plan (never a password)
 */
import { existsSync, unlinkSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { BgpFamily } from '../../bgp/speaker/config-types.js';
import type { PeerView, RouteView, SpeakerBgpControlPort } from '../../cilium/agent/speaker-port.js';
import type { DryRunReport } from '../../cilium/show/dry-run.js';
import { InputError } from '../../core/errors.js';

export interface AgentControlSource {
  readonly node: string;
  readonly port: SpeakerBgpControlPort;
  report(): DryRunReport | undefined;
}

export interface AgentControlServer {
  readonly socket: string;
  close(): Promise<void>;
}

export async function startAgentControl(source: AgentControlSource, socket: string): Promise<AgentControlServer> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://agent');
    let status = 200;
    let body: unknown;
    if (req.method !== 'GET') {
      status = 405;
      body = { error: { code: 'E_METHOD', message: 'only GET' } };
    } else if (url.pathname === '/peers') {
      body = { node: source.node, peers: source.port.peers() };
    } else if (url.pathname === '/routes') {
      const kind = url.searchParams.get('kind') === 'advertised' ? 'advertised' : 'available';
      const family: BgpFamily = url.searchParams.get('family') === 'ipv4-unicast' ? 'ipv4-unicast' : 'ipv6-unicast';
      body = { node: source.node, routes: source.port.routes(kind, family) };
    } else if (url.pathname === '/state') {
      body = source.report() ?? { error: { code: 'E_NOT_READY', message: 'no plan yet' } };
    } else {
      status = 404;
      body = { error: { code: 'E_NOT_FOUND', message: `no endpoint ${url.pathname}` } };
    }
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(`${JSON.stringify(body)}\n`);
  });
  if (existsSync(socket)) unlinkSync(socket);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(new InputError('E_CONTROL_LISTEN', `control socket ${socket}: ${err.message}`)),
    );
    server.listen(socket, resolve);
  });
  return {
    socket,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function getJson<T>(socket: string, path: string, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, path, method: 'GET', timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
        } catch {
          reject(new InputError('E_CONTROL_RESPONSE', `${socket}: the answer is not JSON`));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
    req.on('error', (err) =>
      reject(new InputError('E_CONTROL_CONNECT', `cannot reach the agent at ${socket}: ${err.message}`)),
    );
    req.end();
  });
}

export type PeersAnswer = { readonly node: string; readonly peers: readonly PeerView[] };
export type RoutesAnswer = { readonly node: string; readonly routes: readonly RouteView[] };
