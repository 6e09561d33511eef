/**
 * Prefix lists with FRR semantics (lib/plist.c): entries in sequence order, the first that matches decides; a prefix
 * no entry matches is denied (implicit deny); a list with no entries permits everything. An entry without ge/le
 * matches its prefix exactly; `ge G` allows lengths G..max, `le L` lengths len..L, both G..L.
 */
import { V6netError } from '../../core/errors.js';
import { keyAfi, keyByte, keyLength, type PrefixKey } from '../rib/prefix-key.js';
import { parseWirePrefix } from '../wire/prefix.js';
import type { PolicyAction, PrefixList } from './types.js';

interface CompiledEntry {
  readonly action: PolicyAction;
  readonly bytes: Uint8Array;
  readonly length: number;
  readonly minLength: number;
  readonly maxLength: number;
}

export class PolicyConfigError extends V6netError {}

export class CompiledPrefixList {
  readonly afi: 1 | 2;
  readonly #entries: readonly CompiledEntry[];

  constructor(readonly list: PrefixList) {
    this.afi = list.afi === 'ipv4' ? 1 : 2;
    const max = this.afi === 1 ? 32 : 128;
    const sorted = [...list.entries].sort((a, b) => a.seq - b.seq);
    this.#entries = sorted.map((e) => {
      const text = e.prefix === 'any' ? (this.afi === 1 ? '0.0.0.0/0' : '::/0') : e.prefix;
      const p = parseWirePrefix(text);
      if (p.afi !== this.afi)
        throw new PolicyConfigError(
          'E_POLICY_PREFIX_FAMILY',
          `prefix-list ${list.name}: ${e.prefix} is not ${list.afi}`,
        );
      const ge = e.prefix === 'any' && e.ge === undefined && e.le === undefined ? undefined : e.ge;
      const le = e.prefix === 'any' && e.ge === undefined && e.le === undefined ? max : e.le;
      // FRR: len <= ge <= le <= max, else the command is rejected
      if (
        (ge !== undefined && (ge < p.length || ge > max)) ||
        (le !== undefined && (le < (ge ?? p.length) || le > max))
      )
        throw new PolicyConfigError('E_POLICY_PREFIX_RANGE', `prefix-list ${list.name}: bad ge/le on ${e.prefix}`);
      const minLength = ge ?? p.length;
      const maxLength = le ?? (ge !== undefined ? max : p.length);
      return { action: e.action, bytes: p.bytes, length: p.length, minLength, maxLength };
    });
  }

  /** `permit` or `deny` for `key` (keys of the other family are denied, as FRR's lookup finds no entry). */
  evaluate(key: PrefixKey): PolicyAction {
    if (this.#entries.length === 0) return 'permit'; // FRR: an empty list permits
    if (keyAfi(key) !== this.afi) return 'deny';
    const len = keyLength(key);
    for (const e of this.#entries) {
      if (len < e.minLength || len > e.maxLength) continue;
      if (covers(e.bytes, e.length, key)) return e.action;
    }
    return 'deny'; // implicit deny
  }
}

/** Whether the first `length` bits of `key` equal those of `bytes`. */
function covers(bytes: Uint8Array, length: number, key: PrefixKey): boolean {
  const full = length >>> 3;
  for (let i = 0; i < full; i++) if (bytes[i] !== keyByte(key, i)) return false;
  const spare = length & 7;
  if (spare === 0) return true;
  const mask = (0xff << (8 - spare)) & 0xff;
  return ((bytes[full] ?? 0) & mask) === (keyByte(key, full) & mask);
}
