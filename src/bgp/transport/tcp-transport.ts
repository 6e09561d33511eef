/**
 * The real BGP transport: TCP over IPv6 or IPv4 with TCP-MD5 (RFC 2385) on both sides and TTL / hop-limit control
 * (single-hop eBGP, multihop, GTSM RFC 5082). Linux only (libc through koffi for the options Node lacks).
 *
 * Passive side: a `net.Server` listens; MD5 keys for peer addresses or prefixes are installed on its listening
 * descriptor (and can change while it listens); accepted sockets get the TTL policy of their most specific peer
 * entry. Active side: see tcp-connect.ts.
 */
import { createServer, Socket } from 'node:net';
import {
  type Connection,
  type ConnectOptions,
  type ListenOptions,
  TRANSPORT_ERROR_CODES,
  TransportError,
} from '../../core/transport.js';
import { LINUX, libc } from './libc.js';
import { PassivePeerTable } from './passive-peers.js';
import { AF_INET, AF_INET6, parseSocketAddress } from './sockaddr.js';
import { SocketConnection } from './socket-connection.js';
import { applyTtlSecurity, type SocketFamily, setIntOption, setMd5Key } from './socket-options.js';
import { connectTcpFd } from './tcp-connect.js';
import type { BgpConnectExtra, BgpListener, BgpListenExtra, BgpTransport, PassivePeer } from './types.js';

type Server = ReturnType<typeof createServer>;

/** setsockopt value meaning "the system default" for IP_TTL and IPV6_UNICAST_HOPS. */
const DEFAULT_TTL = -1;

/**
 * TTL of a listening socket (inherited by what it accepts). The listener answers SYNs with 255, as FRR does, so
 * the SYN-ACK passes a GTSM peer's minimum-TTL check; accepted sockets then get their peer's policy.
 */
function setListenerTtl(fd: number, family: SocketFamily, ttl: number): void {
  if (family === AF_INET6) {
    setIntOption(fd, LINUX.IPPROTO_IPV6, LINUX.IPV6_UNICAST_HOPS, ttl, 'IPV6_UNICAST_HOPS');
    // Dual-stack sockets also carry IPv4-mapped peers, whose TTL is IP_TTL; not every socket accepts it.
    try {
      setIntOption(fd, LINUX.IPPROTO_IP, LINUX.IP_TTL, ttl, 'IP_TTL');
    } catch {}
    return;
  }
  setIntOption(fd, LINUX.IPPROTO_IP, LINUX.IP_TTL, ttl, 'IP_TTL');
}

function handleFd(handle: unknown): number {
  const fd = (handle as { _handle?: { fd?: number } } | undefined)?._handle?.fd;
  if (typeof fd !== 'number' || fd < 0) {
    throw new TransportError(TRANSPORT_ERROR_CODES.unsupported, 'no file descriptor behind the Node handle');
  }
  return fd;
}

export class TcpListener implements BgpListener {
  readonly address: string;
  readonly port: number;
  private readonly peers = new PassivePeerTable();
  /** The listening descriptor (for reading options back in tests and diagnostics). */
  readonly fd: number;

  constructor(
    private readonly server: Server,
    private readonly family: SocketFamily,
    address: string,
  ) {
    const bound = server.address();
    this.address = address;
    this.port = typeof bound === 'object' && bound !== null ? bound.port : 0;
    this.fd = handleFd(server);
    setListenerTtl(this.fd, family, 255);
  }

  setPeer(peer: PassivePeer): void {
    const address = parseSocketAddress(peer.address);
    if (this.family === AF_INET && address.family === 6 && address.toIpv4Mapped() === undefined) {
      throw new TransportError(TRANSPORT_ERROR_CODES.invalidOption, 'IPv6 peer on an IPv4 listener');
    }
    const previous = this.peers.set(peer);
    if (peer.md5Key !== undefined) {
      setMd5Key(this.fd, this.family, address, peer.md5Key, peer.prefixLength);
    } else if (previous?.md5Key !== undefined) {
      setMd5Key(this.fd, this.family, address, undefined, peer.prefixLength);
    }
  }

  removePeer(address: string, prefixLength?: number): void {
    const previous = this.peers.delete(address, prefixLength);
    if (previous?.md5Key !== undefined) {
      setMd5Key(this.fd, this.family, parseSocketAddress(address), undefined, prefixLength);
    }
  }

  /** Applies the TTL policy of the peer to an accepted socket; false when that failed (socket then dropped). */
  prepareAccepted(socket: Socket): boolean {
    const remote = socket.remoteAddress;
    if (remote === undefined) return false;
    const peer = this.peers.match(remote);
    try {
      const fd = handleFd(socket);
      const parsed = parseSocketAddress(remote);
      const mapped = this.family === AF_INET6 && parsed.family === 6 && parsed.toIpv4Mapped() !== undefined;
      // Accepted sockets inherit the listener's 255; without a policy they go back to the system default.
      if (peer?.ttlSecurity === undefined) setListenerTtl(fd, this.family, DEFAULT_TTL);
      else applyTtlSecurity(fd, this.family, peer.ttlSecurity, mapped);
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) {
        resolve();
        return;
      }
      // Connections already accepted stay open; the listening descriptor is released on the next loop turn.
      this.server.close();
      setImmediate(resolve);
    });
  }
}

export class TcpTransport implements BgpTransport {
  async connect(options: ConnectOptions & BgpConnectExtra): Promise<Connection> {
    const { fd } = await connectTcpFd(options);
    let socket: Socket;
    try {
      socket = new Socket({ fd, readable: true, writable: true });
    } catch (cause) {
      libc().close(fd);
      throw new TransportError(TRANSPORT_ERROR_CODES.connectFailed, 'cannot wrap the connected socket', { cause });
    }
    return new SocketConnection(socket);
  }

  async listen(
    options: ListenOptions & BgpListenExtra,
    onConnection: (connection: Connection) => void,
  ): Promise<BgpListener> {
    const address = parseSocketAddress(options.address);
    const family: SocketFamily = address.family === 6 ? AF_INET6 : AF_INET;
    const server = createServer({ noDelay: true });
    let listener: TcpListener | undefined;
    server.on('connection', (socket: Socket) => {
      socket.on('error', () => {}); // reported through Connection.onClose
      if (listener === undefined || !listener.prepareAccepted(socket)) {
        socket.destroy();
        return;
      }
      onConnection(new SocketConnection(socket));
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (err: Error & { errno?: number }) =>
        reject(
          new TransportError(TRANSPORT_ERROR_CODES.listenFailed, `cannot listen on ${options.address}`, {
            cause: err,
            ...(err.errno === undefined ? {} : { errno: Math.abs(err.errno) }),
          }),
        );
      server.once('error', onError);
      server.listen({ host: options.address, port: options.port, exclusive: true }, () => {
        server.off('error', onError);
        resolve();
      });
    });
    server.on('error', () => {}); // after listening, errors surface per connection
    try {
      listener = new TcpListener(server, family, address.toString());
      for (const peer of options.peers ?? []) listener.setPeer(peer);
    } catch (err) {
      server.close();
      throw err;
    }
    return listener;
  }
}
