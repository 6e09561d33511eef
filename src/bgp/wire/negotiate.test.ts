import { describe, expect, it } from 'vitest';
import type { Capability } from './index.js';
import { negotiateWire } from './index.js';

describe('negotiateWire', () => {
  const base: Capability[] = [{ type: 'multiprotocol', afi: 2, safi: 1 }];
  it('needs both sides for 4-octet AS and extended messages (RFC 6793 §4.1, RFC 8654 §3)', () => {
    const both: Capability[] = [...base, { type: 'fourOctetAs', asn: 65001 }, { type: 'extendedMessage' }];
    expect(negotiateWire(both, both).decode).toEqual({ fourOctetAs: true, extendedMessage: true });
    expect(negotiateWire(both, base).encode).toEqual({ fourOctetAs: false, extendedMessage: false });
    expect(negotiateWire(base, both).decode).toEqual({ fourOctetAs: false, extendedMessage: false });
  });
  it('enables add-path per family and direction (RFC 7911 §5)', () => {
    const local: Capability[] = [
      {
        type: 'addPath',
        families: [
          { afi: 2, safi: 1, direction: 'receive' },
          { afi: 1, safi: 1, direction: 'both' },
        ],
      },
    ];
    const remote: Capability[] = [
      {
        type: 'addPath',
        families: [
          { afi: 2, safi: 1, direction: 'both' },
          { afi: 1, safi: 1, direction: 'receive' },
        ],
      },
    ];
    const n = negotiateWire(local, remote);
    expect(n.decode.addPath).toEqual([{ afi: 2, safi: 1 }]);
    expect(n.encode.addPath).toEqual([{ afi: 1, safi: 1 }]);
    expect(negotiateWire(local, base).decode.addPath).toBeUndefined();
  });
});
