/**
 * Per-peer Adj-RIB-In: the routes a peer sent us, after RFC 7606 handling, before any policy. A plain Map keyed by
 * prefix text for now; the `AdjRibIn` interface is the boundary a later, optimized RIB replaces.
 */
import type { LearnedRoute } from './route.js';

export interface AdjRibIn {
  /** Stores or replaces the route for `route.prefix`. */
  set(route: LearnedRoute): void;
  /** Removes the route for `prefix`; true when there was one. */
  delete(prefix: string): boolean;
  get(prefix: string): LearnedRoute | undefined;
  entries(): IterableIterator<LearnedRoute>;
  readonly size: number;
  clear(): void;
}

export class MapAdjRibIn implements AdjRibIn {
  readonly #routes = new Map<string, LearnedRoute>();

  set(route: LearnedRoute): void {
    this.#routes.set(route.prefix, route);
  }

  delete(prefix: string): boolean {
    return this.#routes.delete(prefix);
  }

  get(prefix: string): LearnedRoute | undefined {
    return this.#routes.get(prefix);
  }

  entries(): IterableIterator<LearnedRoute> {
    return this.#routes.values();
  }

  get size(): number {
    return this.#routes.size;
  }

  clear(): void {
    this.#routes.clear();
  }
}
