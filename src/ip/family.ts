/** Address family: 4 for IPv4, 6 for IPv6. */
export type IpFamily = 4 | 6;

/** Number of bits in an address of each family. */
export function familyBits(family: IpFamily): 32 | 128 {
  return family === 4 ? 32 : 128;
}

const MASKS4 = buildMasks(32);
const MASKS6 = buildMasks(128);

function buildMasks(bits: number): bigint[] {
  const all = (1n << BigInt(bits)) - 1n;
  const out: bigint[] = [];
  for (let len = 0; len <= bits; len++) out.push(all ^ ((1n << BigInt(bits - len)) - 1n));
  return out;
}

/** Network mask of a prefix length (`length` leading one bits) as a bigint; length must be valid for the family. */
export function prefixMask(family: IpFamily, length: number): bigint {
  return (family === 4 ? MASKS4 : MASKS6)[length]!;
}

/** Host mask of a prefix length (the trailing zero bits of the network mask set to one). */
export function hostMask(family: IpFamily, length: number): bigint {
  return (1n << BigInt(familyBits(family) - length)) - 1n;
}

/** Largest address value of the family (all ones). */
export function maxValue(family: IpFamily): bigint {
  return family === 4 ? 0xffff_ffffn : (1n << 128n) - 1n;
}
