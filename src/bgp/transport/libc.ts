/**
 * The few libc calls Node's `net` cannot make (TCP_MD5SIG, hop limit, minimum TTL, a socket configured before
 * connect), through koffi. Loaded lazily: importing this file never touches the native library.
 */
import { createRequire } from 'node:module';
import { TRANSPORT_ERROR_CODES, TransportError } from '../../core/transport.js';

/** Linux constants (include/linux/socket.h, netinet/in.h, linux/tcp.h, asm-generic/errno.h, poll.h). */
export const LINUX = {
  SOCK_STREAM: 1,
  SOCK_NONBLOCK: 0o4000,
  SOCK_CLOEXEC: 0o2000000,
  SOL_SOCKET: 1,
  SO_ERROR: 4,
  SO_REUSEADDR: 2,
  IPPROTO_IP: 0,
  IPPROTO_TCP: 6,
  IPPROTO_IPV6: 41,
  IP_TTL: 2,
  IP_MINTTL: 21,
  IPV6_UNICAST_HOPS: 16,
  IPV6_V6ONLY: 26,
  IPV6_MINHOPCOUNT: 73,
  TCP_MD5SIG: 14,
  TCP_MD5SIG_EXT: 32,
  POLLOUT: 0x4,
  POLLERR: 0x8,
  POLLHUP: 0x10,
  EINPROGRESS: 115,
  EINTR: 4,
  ECONNREFUSED: 111,
  ETIMEDOUT: 110,
  EHOSTUNREACH: 113,
  ENETUNREACH: 101,
  EADDRNOTAVAIL: 99,
} as const;

export interface Libc {
  socket(domain: number, type: number, protocol: number): number;
  setsockopt(fd: number, level: number, name: number, value: Uint8Array, length: number): number;
  getsockopt(fd: number, level: number, name: number, value: Uint8Array, length: Uint8Array): number;
  bind(fd: number, address: Uint8Array, length: number): number;
  connect(fd: number, address: Uint8Array, length: number): number;
  poll(fds: Uint8Array, count: number, timeoutMs: number): number;
  close(fd: number): number;
  errno(): number;
}

let loaded: Libc | undefined;

interface KoffiModule {
  load(path: string): { func(signature: string): (...args: unknown[]) => number };
  errno(): number;
}

/** The libc bindings; throws `TransportError` E_TRANSPORT_UNSUPPORTED off Linux or without koffi. */
export function libc(): Libc {
  if (loaded !== undefined) return loaded;
  if (process.platform !== 'linux') {
    throw new TransportError(TRANSPORT_ERROR_CODES.unsupported, 'TCP-MD5 and TTL control need Linux');
  }
  let koffi: KoffiModule;
  let lib: ReturnType<KoffiModule['load']>;
  try {
    koffi = createRequire(import.meta.url)('koffi') as KoffiModule;
    lib = koffi.load('libc.so.6');
  } catch (cause) {
    throw new TransportError(TRANSPORT_ERROR_CODES.unsupported, 'cannot load libc through koffi', { cause });
  }
  const f = (signature: string) => lib.func(signature);
  const socket = f('int socket(int, int, int)');
  const setsockopt = f('int setsockopt(int, int, int, void *, uint32_t)');
  const getsockopt = f('int getsockopt(int, int, int, void *, void *)');
  const bind = f('int bind(int, void *, uint32_t)');
  const connect = f('int connect(int, void *, uint32_t)');
  const poll = f('int poll(void *, unsigned long, int)');
  const close = f('int close(int)');
  loaded = {
    socket: (d, t, p) => socket(d, t, p),
    setsockopt: (fd, level, name, value, length) => setsockopt(fd, level, name, value, length),
    getsockopt: (fd, level, name, value, length) => getsockopt(fd, level, name, value, length),
    bind: (fd, address, length) => bind(fd, address, length),
    connect: (fd, address, length) => connect(fd, address, length),
    poll: (fds, count, timeoutMs) => poll(fds, count, timeoutMs),
    close: (fd) => close(fd),
    errno: () => koffi.errno(),
  };
  return loaded;
}
