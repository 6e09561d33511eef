/**
 * The wire contexts that follow from an OPEN exchange: which negotiated facts change the encoding
 * (RFC 6793 §4.1 4-octet AS, RFC 8654 §3 extended messages, RFC 7911 §5 add-path per family and direction).
 */
import type { Capability } from './capabilities.js';
import type { AfiSafi, WireContext } from './context.js';

export interface NegotiatedWire {
  /** Context for decoding what the peer sends. */
  readonly decode: WireContext;
  /** Context for encoding what we send. */
  readonly encode: WireContext;
}

function has(caps: readonly Capability[], type: Capability['type']): boolean {
  return caps.some((c) => c.type === type);
}

function addPathFamilies(caps: readonly Capability[], dir: 'send' | 'receive'): AfiSafi[] {
  const out: AfiSafi[] = [];
  for (const c of caps) {
    if (c.type !== 'addPath') continue;
    for (const f of c.families)
      if (f.direction === dir || f.direction === 'both') out.push({ afi: f.afi, safi: f.safi });
  }
  return out;
}

function intersect(a: readonly AfiSafi[], b: readonly AfiSafi[]): AfiSafi[] {
  return a.filter((x) => b.some((y) => y.afi === x.afi && y.safi === x.safi));
}

/** Contexts for a session where we sent `local` and received `remote` capabilities. */
export function negotiateWire(local: readonly Capability[], remote: readonly Capability[]): NegotiatedWire {
  // RFC 6793 §4.1 / RFC 8654 §3: only when both speakers advertised the capability
  const fourOctetAs = has(local, 'fourOctetAs') && has(remote, 'fourOctetAs');
  const extendedMessage = has(local, 'extendedMessage') && has(remote, 'extendedMessage');
  // RFC 7911 §5: path ids flow from a sender that advertised "send" to a receiver that advertised "receive"
  const rx = intersect(addPathFamilies(local, 'receive'), addPathFamilies(remote, 'send'));
  const tx = intersect(addPathFamilies(local, 'send'), addPathFamilies(remote, 'receive'));
  return {
    decode: rx.length > 0 ? { fourOctetAs, extendedMessage, addPath: rx } : { fourOctetAs, extendedMessage },
    encode: tx.length > 0 ? { fourOctetAs, extendedMessage, addPath: tx } : { fourOctetAs, extendedMessage },
  };
}
