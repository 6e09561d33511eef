/**
 * VyOS's canonical child order ("lexical-numeric", vyos1x-config `lexical_numeric_compare`): strings are compared
 * left to right; runs of non-digits bytewise (so `IX` < `bogon`), runs of digits that meet at the same position as
 * integers (`eth2` < `eth10`, `rule 20` < `rule 100`); a string that is a prefix of the other sorts first.
 */
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Compares two digit runs as non-negative integers of any length (no float rounding). */
function compareDigitRuns(a: string, b: string): number {
  const ta = a.replace(/^0+/, '');
  const tb = b.replace(/^0+/, '');
  if (ta.length !== tb.length) return ta.length - tb.length;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return 0;
}

export function compareLexicalNumeric(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let ie = i;
      while (ie < a.length && isDigit(a.charCodeAt(ie))) ie++;
      let je = j;
      while (je < b.length && isDigit(b.charCodeAt(je))) je++;
      const c = compareDigitRuns(a.slice(i, ie), b.slice(j, je));
      if (c !== 0) return c;
      // Equal numbers with different zero padding: keep a total order (shorter text first).
      if (ie - i !== je - j) return ie - i - (je - j);
      i = ie;
      j = je;
      continue;
    }
    if (ca !== cb) return ca - cb;
    i++;
    j++;
  }
  return a.length - i - (b.length - j);
}

/** Returns a sorted copy (stable) of `items` by `key` in canonical order. */
export function sortCanonical<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((x, y) => compareLexicalNumeric(key(x), key(y)));
}
