import { describe, expect, it } from 'vitest';
import { prefixKeyFromText } from '../rib/prefix-key.js';
import type { AsPathSegment } from '../wire/path-attributes.js';
import { CompiledAsPathList } from './as-path-list.js';
import { CompiledCommunityList, CompiledLargeCommunityList, parsePolicyCommunity } from './community-list.js';
import { CompiledPrefixList, PolicyConfigError } from './prefix-list.js';
import type { PrefixListEntry } from './types.js';

const k = prefixKeyFromText;
const v6 = (entries: PrefixListEntry[]) => new CompiledPrefixList({ name: 'L', afi: 'ipv6', entries });
const c = (t: string) => parsePolicyCommunity(t);
const seq = (...asns: number[]): AsPathSegment[] => [{ type: 'sequence', asns }];

describe('prefix lists (FRR lib/plist.c)', () => {
  it('matches the prefix exactly when there is no ge/le', () => {
    const l = v6([{ seq: 5, action: 'permit', prefix: '2001:db8::/32' }]);
    expect(l.evaluate(k('2001:db8::/32'))).toBe('permit');
    expect(l.evaluate(k('2001:db8:1::/48'))).toBe('deny');
    expect(l.evaluate(k('2001::/16'))).toBe('deny');
  });

  it('ge G allows G..128, le L allows len..L, both G..L', () => {
    const ge = v6([{ seq: 5, action: 'permit', prefix: '2001:db8::/32', ge: 48 }]);
    expect(ge.evaluate(k('2001:db8:1::/48'))).toBe('permit');
    expect(ge.evaluate(k('2001:db8:1:2::/64'))).toBe('permit');
    expect(ge.evaluate(k('2001:db8::/40'))).toBe('deny');
    const le = v6([{ seq: 5, action: 'permit', prefix: '2001:db8::/32', le: 48 }]);
    expect(le.evaluate(k('2001:db8::/32'))).toBe('permit');
    expect(le.evaluate(k('2001:db8:1::/48'))).toBe('permit');
    expect(le.evaluate(k('2001:db8:1::/49'))).toBe('deny');
    const both = v6([{ seq: 5, action: 'permit', prefix: '2001:db8::/32', ge: 40, le: 48 }]);
    expect(both.evaluate(k('2001:db8::/32'))).toBe('deny');
    expect(both.evaluate(k('2001:db8:100::/40'))).toBe('permit');
    expect(both.evaluate(k('2001:db9::/48'))).toBe('deny'); // outside the covering prefix
  });

  it('takes the first matching entry in sequence order and denies what nothing matches', () => {
    const l = v6([
      { seq: 20, action: 'permit', prefix: '2001:db8::/32', le: 64 },
      { seq: 10, action: 'deny', prefix: '2001:db8:bad::/48' },
    ]);
    expect(l.evaluate(k('2001:db8:bad::/48'))).toBe('deny');
    expect(l.evaluate(k('2001:db8:900::/48'))).toBe('permit');
    expect(l.evaluate(k('2001:db9::/48'))).toBe('deny'); // implicit deny
    expect(l.evaluate(k('10.0.0.0/8'))).toBe('deny'); // other family
  });

  it('any is every prefix of the family; an empty list permits', () => {
    const any = v6([{ seq: 5, action: 'permit', prefix: 'any' }]);
    expect(any.evaluate(k('::/0'))).toBe('permit');
    expect(any.evaluate(k('2001:db8:1:2:3::/80'))).toBe('permit');
    expect(v6([]).evaluate(k('2001:db8::/32'))).toBe('permit');
  });

  it('refuses what FRR refuses: ge below the length, le below ge, the other family', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof PolicyConfigError ? e.code : 'other';
      }
      return 'none';
    };
    expect(code(() => v6([{ seq: 5, action: 'permit', prefix: '2001:db8::/32', ge: 16 }]))).toBe(
      'E_POLICY_PREFIX_RANGE',
    );
    expect(code(() => v6([{ seq: 5, action: 'permit', prefix: '2001:db8::/32', ge: 48, le: 40 }]))).toBe(
      'E_POLICY_PREFIX_RANGE',
    );
    expect(code(() => v6([{ seq: 5, action: 'permit', prefix: '10.0.0.0/8' }]))).toBe('E_POLICY_PREFIX_FAMILY');
  });
});

describe('community lists (FRR bgp_clist.c)', () => {
  it('standard: an entry matches when every value it lists is on the route', () => {
    const l = new CompiledCommunityList({
      name: 'C',
      entries: [
        { action: 'deny', kind: 'standard', values: ['65000:666'] },
        { action: 'permit', kind: 'standard', values: ['65000:1', '65000:2'] },
      ],
    });
    expect(l.evaluate([c('65000:1'), c('65000:2'), c('65000:3')])).toBe('permit');
    expect(l.evaluate([c('65000:1')])).toBe('deny'); // only one of the two
    expect(l.evaluate([c('65000:1'), c('65000:2'), c('65000:666')])).toBe('deny'); // first entry wins
    expect(l.evaluate([])).toBe('deny');
  });

  it('expanded: a regex over the FRR text form, well-known names included', () => {
    const l = new CompiledCommunityList({
      name: 'X',
      entries: [{ action: 'permit', kind: 'expanded', regex: '^65000:1[0-9]$|no-export' }],
    });
    expect(l.evaluate([c('65000:12')])).toBe('permit');
    expect(l.evaluate([c('65000:1')])).toBe('deny');
    expect(l.evaluate([c('no-export')])).toBe('permit');
  });

  it('exact-match needs exactly the listed set', () => {
    const l = new CompiledCommunityList({
      name: 'E',
      entries: [{ action: 'permit', kind: 'standard', values: ['1:1', '1:2'] }],
    });
    expect(l.exactMatch([c('1:2'), c('1:1')])).toBe(true);
    expect(l.exactMatch([c('1:2'), c('1:1'), c('1:3')])).toBe(false);
    expect(l.exactMatch([c('1:1')])).toBe(false);
  });

  it('comm-list delete removes the values a permit entry names or matches, keeps the rest', () => {
    const l = new CompiledCommunityList({
      name: 'D',
      entries: [
        { action: 'deny', kind: 'standard', values: ['65000:100'] },
        { action: 'permit', kind: 'expanded', regex: '^65000:' },
      ],
    });
    expect(l.deleteFrom([c('65000:100'), c('65000:7'), c('65001:7')])).toEqual([c('65000:100'), c('65001:7')]);
  });

  it('large communities: standard and expanded', () => {
    const l = new CompiledLargeCommunityList({
      name: 'L',
      entries: [
        { action: 'permit', kind: 'standard', values: ['65000:1:2'] },
        { action: 'permit', kind: 'expanded', regex: '^4200000000:' },
      ],
    });
    expect(l.evaluate([[65000, 1, 2]])).toBe('permit');
    expect(l.evaluate([[65000, 1, 3]])).toBe('deny');
    expect(l.evaluate([[4200000000, 0, 0]])).toBe('permit');
    expect(
      l.deleteFrom([
        [65000, 1, 2],
        [1, 2, 3],
      ]),
    ).toEqual([[1, 2, 3]]);
  });
});

describe('AS-path access lists (FRR bgp_regex.c)', () => {
  const l = new CompiledAsPathList({
    name: 'A',
    entries: [
      { action: 'deny', regex: '_64512_' },
      { action: 'permit', regex: '^65001_' },
      { action: 'permit', regex: '^$' },
    ],
  });

  it('_ is a delimiter: start, end, space, set braces', () => {
    expect(l.evaluate(seq(65001, 65100))).toBe('permit');
    expect(l.evaluate(seq(650011, 65100))).toBe('deny'); // 65001 as a prefix of another number is no match
    expect(l.evaluate(seq(65001, 64512))).toBe('deny'); // the deny entry comes first
    expect(
      l.evaluate([
        { type: 'sequence', asns: [65001] },
        { type: 'set', asns: [64512, 7] },
      ]),
    ).toBe('deny');
    expect(l.evaluate([])).toBe('permit'); // ^$: locally originated
    expect(l.evaluate(seq(65002))).toBe('deny'); // implicit deny
  });
});
