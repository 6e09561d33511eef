/** What we currently advertise to one peer (prefix → family), for counters and to withdraw only what was sent. */
import type { BgpFamily } from './config-types.js';

export class RibOut {
  readonly #prefixes = new Map<string, BgpFamily>();

  add(prefix: string, family: BgpFamily): void {
    this.#prefixes.set(prefix, family);
  }

  delete(prefix: string): boolean {
    return this.#prefixes.delete(prefix);
  }

  has(prefix: string): boolean {
    return this.#prefixes.has(prefix);
  }

  count(family: BgpFamily): number {
    let n = 0;
    for (const f of this.#prefixes.values()) if (f === family) n++;
    return n;
  }

  clear(): void {
    this.#prefixes.clear();
  }
}
