/**
 * Binds the speaker's pure control API handler to node:http, on a loopback TCP address or a unix socket.
 */
import { existsSync, unlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { ControlConfig } from '../../bgp/speaker/config-types.js';
import { handleControlRequest, type SpeakerControlPort } from '../../bgp/speaker/control-api.js';
import { InputError } from '../../core/errors.js';

const MAX_BODY_BYTES = 64 * 1024;

export interface ControlServer {
  /** `127.0.0.1:17999`, `[::1]:17999` or the socket path. */
  readonly endpoint: string;
  close(): Promise<void>;
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}

export async function startControlServer(port: SpeakerControlPort, config: ControlConfig): Promise<ControlServer> {
  if (config.kind === 'tcp' && !isLoopback(config.address)) {
    throw new InputError(
      'E_CONTROL_ADDRESS',
      `control API must listen on loopback (127.0.0.0/8 or ::1), not ${config.address}`,
    );
  }
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413, { 'content-type': 'application/json' }).end('{"error":{"code":"E_TOO_LARGE"}}\n');
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (res.writableEnded) return;
      let response: { status: number; body: unknown };
      try {
        response = handleControlRequest(port, {
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          body: Buffer.concat(chunks).toString('utf8'),
        });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        response = { status: 500, body: { error: { code: 'E_INTERNAL', message } } };
      }
      res.writeHead(response.status, { 'content-type': 'application/json' });
      res.end(`${JSON.stringify(response.body)}\n`);
    });
  });
  if (config.kind === 'socket' && existsSync(config.socket)) unlinkSync(config.socket);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) =>
      reject(new InputError('E_CONTROL_LISTEN', `control API cannot listen: ${err.message}`)),
    );
    if (config.kind === 'socket') server.listen(config.socket, resolve);
    else server.listen({ host: config.address, port: config.port }, resolve);
  });
  const bound = server.address();
  const endpoint =
    typeof bound === 'string' || bound === null
      ? String(bound ?? (config.kind === 'socket' ? config.socket : ''))
      : bound.family === 'IPv6'
        ? `[${bound.address}]:${bound.port}`
        : `${bound.address}:${bound.port}`;
  return {
    endpoint,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
