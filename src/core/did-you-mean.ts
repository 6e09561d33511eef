/** "Did you mean …?" suggestions for misspelt keys and values (Levenshtein distance, case-insensitive). */

/** Levenshtein edit distance (insert, delete, substitute = 1), two-row dynamic programming. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let cur = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/**
 * The closest candidate to `input`, if it is close enough to be a plausible typo: distance at most
 * max(2, ⌊length/3⌋), compared case-insensitively; ties go to the earlier candidate.
 */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  if (input.length > 200) return undefined;
  const needle = input.toLowerCase();
  const limit = Math.max(2, Math.floor(input.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
