/**
 * Byte-stream transport as a dependency. Protocol code talks to a `Transport` (real TCP, or an in-memory network in
 * tests and simulations) and never to `node:net` directly.
 *
 * Transport-specific knobs (for instance per-connection security keys or hop limits) travel in the generic
 * `TConnectExtra` / `TListenExtra` option bags and in a richer `TListener`, so this file stays free of any protocol
 * vocabulary.
 */
import { V6netError } from './errors.js';

/** A connected, ordered, reliable byte stream. */
export interface Connection {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /**
   * Queues `bytes` for sending. Returns false when the send buffer is above its high-water mark (the bytes are still
   * queued); callers that care may wait for `onDrain`. Writing after close/destroy is ignored.
   */
  write(bytes: Uint8Array): boolean;
  /** Graceful close: flushes what was written, then half-closes (FIN). `onClose` fires once the stream is done. */
  close(): void;
  /** Immediate close: drops unsent data. `onClose` fires (without an error). */
  destroy(): void;
  /** Registers the receiver of incoming bytes (chunks arrive in order; chunk boundaries carry no meaning). */
  onData(callback: (chunk: Uint8Array) => void): void;
  /** Called exactly once when the connection is gone, with the error that ended it if any. */
  onClose(callback: (err?: Error) => void): void;
  /** Called when the send buffer has drained below its high-water mark after `write` returned false. */
  onDrain(callback: () => void): void;
}

export interface ConnectOptions {
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Source address to bind before connecting. */
  readonly localAddress?: string;
  /** Source port to bind (0 or absent: any). */
  readonly localPort?: number;
  /** Give up after this long; the promise then rejects with `TransportError` code `E_CONNECT_TIMEOUT`. */
  readonly timeoutMs: number;
}

export interface ListenOptions {
  readonly address: string;
  /** 0 picks a free port; read it back from `Listener.port`. */
  readonly port: number;
}

export interface Listener {
  readonly address: string;
  readonly port: number;
  /** Stops accepting. Connections already accepted stay open. */
  close(): Promise<void>;
}

export interface Transport<TConnectExtra = unknown, TListenExtra = unknown, TListener extends Listener = Listener> {
  /** Opens a connection. Rejects with a `TransportError` (never hangs beyond `timeoutMs`). */
  connect(options: ConnectOptions & TConnectExtra): Promise<Connection>;
  /** Starts accepting connections on `address`/`port`. Rejects with `TransportError` code `E_LISTEN_FAILED`. */
  listen(options: ListenOptions & TListenExtra, onConnection: (connection: Connection) => void): Promise<TListener>;
}

export const TRANSPORT_ERROR_CODES = {
  connectTimeout: 'E_CONNECT_TIMEOUT',
  connectRefused: 'E_CONNECT_REFUSED',
  connectFailed: 'E_CONNECT_FAILED',
  listenFailed: 'E_LISTEN_FAILED',
  /** The other side aborted the connection (TCP RST); passed to `onClose`. */
  connectionReset: 'E_CONNECTION_RESET',
  invalidOption: 'E_TRANSPORT_OPTION',
  unsupported: 'E_TRANSPORT_UNSUPPORTED',
} as const;

export type TransportErrorCode = (typeof TRANSPORT_ERROR_CODES)[keyof typeof TRANSPORT_ERROR_CODES];

export class TransportError extends V6netError {
  declare readonly code: TransportErrorCode;
  /** OS error number when the failure came from a system call. */
  readonly errno: number | undefined;

  constructor(code: TransportErrorCode, message: string, options?: { cause?: unknown; errno?: number }) {
    super(code, message, options);
    this.errno = options?.errno;
  }
}
