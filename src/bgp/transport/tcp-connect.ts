/**
 * Active-side TCP connect with options that must be on the socket before the SYN: TCP-MD5 key, TTL / hop limit,
 * GTSM, source address. The socket is created non-blocking through libc, connected, polled until writable (bounded
 * by `timeoutMs`), and only then handed to Node. Every error path closes the descriptor.
 */
import { type ConnectOptions, TRANSPORT_ERROR_CODES, TransportError } from '../../core/transport.js';
import { LINUX, libc } from './libc.js';
import { AF_INET, AF_INET6, encodeSockaddr, parseSocketAddress } from './sockaddr.js';
import { applyTtlSecurity, getIntOption, type SocketFamily, setMd5Key } from './socket-options.js';
import type { BgpConnectExtra } from './types.js';

const POLL_MAX_INTERVAL_MS = 25;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errnoError(errno: number, what: string): TransportError {
  const code =
    errno === LINUX.ECONNREFUSED
      ? TRANSPORT_ERROR_CODES.connectRefused
      : errno === LINUX.ETIMEDOUT
        ? TRANSPORT_ERROR_CODES.connectTimeout
        : TRANSPORT_ERROR_CODES.connectFailed;
  return new TransportError(code, `${what} failed (errno ${errno})`, { errno });
}

/** True once a non-blocking connect has finished (successfully or not). */
function connectFinished(fd: number): boolean {
  const pollfd = new Uint8Array(8); // struct pollfd { int fd; short events; short revents; }
  const view = new DataView(pollfd.buffer);
  view.setInt32(0, fd, true);
  view.setInt16(4, LINUX.POLLOUT, true);
  const ready = libc().poll(pollfd, 1, 0);
  if (ready < 0) {
    const errno = libc().errno();
    if (errno === LINUX.EINTR) return false;
    throw errnoError(errno, 'poll');
  }
  return ready > 0 && (view.getInt16(6, true) & (LINUX.POLLOUT | LINUX.POLLERR | LINUX.POLLHUP)) !== 0;
}

export interface ConnectedFd {
  readonly fd: number;
  readonly family: SocketFamily;
}

/**
 * Opens a TCP connection and resolves with the connected, non-blocking descriptor. A wrong TCP-MD5 key makes the
 * peer drop our SYNs silently, so that case ends as `E_CONNECT_TIMEOUT`, as on a router.
 */
export async function connectTcpFd(options: ConnectOptions & BgpConnectExtra): Promise<ConnectedFd> {
  const remote = parseSocketAddress(options.remoteAddress);
  const family: SocketFamily = remote.family === 6 ? AF_INET6 : AF_INET;
  const local = options.localAddress === undefined ? undefined : parseSocketAddress(options.localAddress);
  if (local !== undefined && local.family !== remote.family) {
    throw new TransportError(TRANSPORT_ERROR_CODES.invalidOption, 'local and remote address families differ');
  }
  const c = libc();
  const deadline = performance.now() + options.timeoutMs;
  const fd = c.socket(family, LINUX.SOCK_STREAM | LINUX.SOCK_NONBLOCK | LINUX.SOCK_CLOEXEC, 0);
  if (fd < 0) throw errnoError(c.errno(), 'socket');
  try {
    // RFC 2385: the key must be in place before the SYN goes out.
    if (options.md5Key !== undefined) setMd5Key(fd, family, remote, options.md5Key);
    if (options.ttlSecurity !== undefined) applyTtlSecurity(fd, family, options.ttlSecurity, false);
    if (local !== undefined || (options.localPort ?? 0) !== 0) {
      const bindTo = local ?? parseSocketAddress(family === AF_INET6 ? '::' : '0.0.0.0');
      const sa = encodeSockaddr(bindTo, options.localPort ?? 0);
      if (c.bind(fd, sa, sa.length) !== 0) throw errnoError(c.errno(), 'bind');
    }
    const sa = encodeSockaddr(remote, options.remotePort);
    if (c.connect(fd, sa, sa.length) !== 0) {
      const errno = c.errno();
      if (errno !== LINUX.EINPROGRESS) throw errnoError(errno, 'connect');
      let intervalMs = 1;
      while (!connectFinished(fd)) {
        const left = deadline - performance.now();
        if (left <= 0) {
          throw new TransportError(
            TRANSPORT_ERROR_CODES.connectTimeout,
            `no connection to ${options.remoteAddress} port ${options.remotePort} within ${options.timeoutMs} ms`,
          );
        }
        await sleep(Math.min(intervalMs, left));
        intervalMs = Math.min(intervalMs * 2, POLL_MAX_INTERVAL_MS);
      }
      const soError = getIntOption(fd, LINUX.SOL_SOCKET, LINUX.SO_ERROR);
      if (soError !== 0) throw errnoError(soError, 'connect');
    }
    return { fd, family };
  } catch (err) {
    c.close(fd);
    throw err;
  }
}
