import { describe, expect, it } from 'vitest';
import { RetryIndex, type Waiter } from './retry-index.js';

interface W extends Waiter {
  readonly name: string;
}
const w = (name: string, order: number): W => ({ name, order, triedAt: -1, waiting: false });

/** A pass that records the visit order; `react(w)` runs inside the retry and returns the reasons to wait on next. */
function pass(
  index: RetryIndex<W>,
  react: (x: W) => readonly (string | object)[] | undefined = () => undefined,
  open: (key: string | object) => boolean = () => true,
): string[] {
  const seen: string[] = [];
  index.pass(open, (x) => {
    seen.push(x.name);
    const next = react(x);
    if (next === undefined) index.remove(x);
    else index.wait(x, next);
  });
  return seen;
}

describe('RetryIndex', () => {
  it('visits only the waiters of changed reasons, merged in arrival order, each once', () => {
    const index = new RetryIndex<W>();
    const [a, b, c, d] = [w('a', 1), w('b', 2), w('c', 3), w('d', 4)];
    index.wait(d, ['r1']);
    index.wait(b, ['r1', 'r2']);
    index.wait(a, ['r2']);
    index.wait(c, ['r3']);
    expect(pass(index)).toEqual([]);
    index.changed('r1');
    index.changed('r2');
    expect(pass(index, (x) => ['r1', 'r2', 'r3'].slice(0, x.order % 3))).toEqual(['a', 'b', 'd']);
    expect(index.size).toBe(4);
    expect(pass(index)).toEqual([]);
  });

  it('a waiter tried after the change is not visited', () => {
    const index = new RetryIndex<W>();
    const [a, b] = [w('a', 1), w('b', 2)];
    index.wait(a, ['r']);
    index.changed('r');
    index.wait(b, ['r']);
    expect(pass(index, () => ['r'])).toEqual(['a']);
  });

  it('a closed reason stops being visited; its waiters come back when it changes again and is open', () => {
    const index = new RetryIndex<W>();
    const ws = [w('a', 1), w('b', 2), w('c', 3)];
    for (const x of ws) index.wait(x, ['range']);
    let free = 1;
    index.changed('range');
    // The first waiter takes the one free address; the range is then closed for the rest of the pass.
    expect(
      pass(
        index,
        () => {
          free--;
          return undefined;
        },
        () => free > 0,
      ),
    ).toEqual(['a']);
    expect(
      pass(
        index,
        () => ['range'],
        () => false,
      ),
    ).toEqual([]);
    free = 1;
    index.changed('range');
    const take = () => {
      free--;
      return undefined;
    };
    expect(pass(index, take, () => free > 0)).toEqual(['b']);
  });

  it('a change during a pass reaches later waiters now and earlier ones at the next pass', () => {
    const index = new RetryIndex<W>();
    const [early, mid, late] = [w('early', 1), w('mid', 2), w('late', 3)];
    index.wait(early, ['key']);
    index.wait(mid, ['range']);
    index.wait(late, ['key']);
    index.changed('range');
    const react = (x: W) => {
      if (x === mid) index.changed('key');
      return ['key'];
    };
    expect(pass(index, react)).toEqual(['mid', 'late']);
    expect(pass(index, () => ['key'])).toEqual(['early']);
    expect(pass(index)).toEqual([]);
  });

  it('a waiter that re-registers behind the position waits for the next pass', () => {
    const index = new RetryIndex<W>();
    const [a, b, c] = [w('a', 1), w('b', 2), w('c', 3)];
    index.wait(a, ['r1']);
    index.wait(b, ['r1']);
    index.wait(c, ['r2']);
    index.changed('r1');
    index.changed('r2');
    // a moves to r2 (behind c); b's retry changes r2 again: c is after b, a is not.
    const react = (x: W) => {
      if (x === a) return ['r2'];
      if (x === b) index.changed('r2');
      return x === c ? ['r2'] : ['r1'];
    };
    expect(pass(index, react)).toEqual(['a', 'b', 'c']);
    expect(pass(index, (x) => (x === a ? ['r2'] : ['r1']))).toEqual(['a']);
  });

  it('removed waiters are not visited; re-added ones once; many removals do not slow passes down', () => {
    const index = new RetryIndex<W>();
    const ws = Array.from({ length: 1000 }, (_, i) => w(`w${i}`, i));
    for (const x of ws) index.wait(x, ['r']);
    for (const x of ws.slice(0, 990)) index.remove(x);
    index.wait(ws[5]!, ['r']);
    index.changed('r');
    expect(pass(index, () => ['r'])).toEqual([
      'w5',
      'w990',
      'w991',
      'w992',
      'w993',
      'w994',
      'w995',
      'w996',
      'w997',
      'w998',
      'w999',
    ]);
    expect(index.all().map((x) => x.name)).toEqual(['w5', ...ws.slice(990).map((x) => x.name)]);
    index.clear();
    expect(index.size).toBe(0);
  });
});
