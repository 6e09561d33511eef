/** Builders for RIB tests: peers, attribute sets and paths with only the fields a test cares about. */
import type { RibAttributes } from './attributes.js';
import { AttributeInterner } from './intern.js';
import { Path, type RibPeer, type RibPeerKind } from './path.js';

export const testInterner = new AttributeInterner(65000);

let nextIndex = 1;

export function testPeer(
  id: string,
  kind: RibPeerKind = 'ebgp',
  extra: Partial<Omit<RibPeer, 'id' | 'kind'>> = {},
): RibPeer {
  const index = extra.index ?? nextIndex++;
  return {
    id,
    index,
    kind,
    remoteAsn: extra.remoteAsn ?? 65001,
    routerId: extra.routerId ?? index,
    addressSortKey: extra.addressSortKey ?? `6${index.toString(16).padStart(32, '0')}`,
    ...(extra.rrClient !== undefined ? { rrClient: extra.rrClient } : {}),
  };
}

export function testAttrs(over: Partial<RibAttributes> = {}): RibAttributes {
  return {
    origin: 0,
    asPath: [{ type: 'sequence', asns: [65001, 65100] }],
    nextHop: '2001:db8::1',
    ...over,
  };
}

let seq = 0;

export function testPath(peer: RibPeer, over: Partial<RibAttributes> = {}, pathSeq = seq++): Path {
  return new Path(peer, testInterner.intern(testAttrs(over)), pathSeq);
}
