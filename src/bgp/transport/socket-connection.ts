/** A `Connection` over a Node `net.Socket` (both sides of the TCP transport). */
import type { Socket } from 'node:net';
import type { Connection } from '../../core/transport.js';
import { tryParseAddress } from '../../ip/index.js';

/** After `close()`, a peer that never finishes its side is cut off after this long. */
const CLOSE_LINGER_MS = 5_000;

/** RFC 5952 text; IPv4-mapped IPv6 (dual-stack sockets) becomes plain IPv4 text. */
export function normalizeAddress(text: string | undefined): string {
  if (text === undefined) return '';
  const parsed = tryParseAddress(text);
  if (!parsed.ok) return text;
  const address = parsed.value;
  if (address.family === 6) return (address.toIpv4Mapped() ?? address).toString();
  return address.toString();
}

export class SocketConnection implements Connection {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  private closed = false;
  private closeError: Error | undefined;
  private readonly closeCallbacks: ((err?: Error) => void)[] = [];

  constructor(private readonly socket: Socket) {
    this.localAddress = normalizeAddress(socket.localAddress);
    this.localPort = socket.localPort ?? 0;
    this.remoteAddress = normalizeAddress(socket.remoteAddress);
    this.remotePort = socket.remotePort ?? 0;
    socket.on('error', (err) => {
      this.closeError ??= err;
    });
    socket.on('close', () => {
      this.closed = true;
      for (const cb of this.closeCallbacks.splice(0)) cb(this.closeError);
    });
  }

  write(bytes: Uint8Array): boolean {
    if (this.closed || this.socket.destroyed || this.socket.writableEnded) return false;
    return this.socket.write(bytes);
  }

  close(): void {
    if (this.closed || this.socket.writableEnded) return;
    this.socket.end();
    const timer = setTimeout(() => this.socket.destroy(), CLOSE_LINGER_MS);
    timer.unref();
    this.socket.once('close', () => clearTimeout(timer));
  }

  destroy(): void {
    this.socket.destroy();
  }

  onData(callback: (chunk: Uint8Array) => void): void {
    this.socket.on('data', (chunk: Buffer) => callback(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length)));
  }

  onClose(callback: (err?: Error) => void): void {
    if (this.closed) {
      queueMicrotask(() => callback(this.closeError));
      return;
    }
    this.closeCallbacks.push(callback);
  }

  onDrain(callback: () => void): void {
    this.socket.on('drain', callback);
  }

  /** The OS descriptor (for reading socket options back in tests and diagnostics). */
  get fd(): number | undefined {
    return (this.socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  }
}
