/**
 * The Services holding one LB IP (reference §7.5): the list in join order, and a fast "is this Service compatible
 * with every holder?" — the question each Service of a sharing key asks before joining, against up to hundreds of
 * holders. The answer is exactly `incompatibility(holder, view) === undefined` for every holder: holders with the
 * same key, namespace, cross-namespace list, traffic policy and pod selector get the same answer but for ports, so
 * one of each such group is asked, and ports are checked against a multiset of all holders' ports.
 *
 * A holder whose Service changes must be reported (`invalidate`); the index is then rebuilt when next needed.
 */
import { incompatibility, incompatibleIgnoringPorts, type ServiceView } from './service-view.js';

/** Everything `incompatibility` compares but ports, as one string (cached on the view until it changes). */
function signature(v: ServiceView): string {
  v.compatSignature ??= computeSignature(v);
  return v.compatSignature;
}

function computeSignature(v: ServiceView): string {
  const selector = Object.keys(v.selector)
    .sort()
    .map((k) => `${k}=${v.selector[k]}`)
    .join(',');
  return `${v.sharingKey}\u0000${v.namespace}\u0000${v.crossNamespace.join(',')}\u0000${v.externalTrafficPolicy}\u0000${selector}`;
}

interface Group {
  readonly representative: ServiceView;
  count: number;
}

export class Holders {
  readonly list: ServiceView[];
  #groups: Map<string, Group> | undefined;
  #ports: Map<number, number> | undefined;

  constructor(list: ServiceView[]) {
    this.list = list;
  }

  add(view: ServiceView): void {
    this.list.push(view);
    if (this.#groups !== undefined) this.#index(view);
  }

  /** The holders but `view`, as a new list (the caller replaces this one). */
  without(view: ServiceView): Holders {
    return new Holders(this.list.filter((v) => v !== view));
  }

  /** A holder's Service changed (ports, key, namespaces, policy, selector). */
  invalidate(): void {
    this.#groups = undefined;
    this.#ports = undefined;
  }

  /** `view` is compatible with every holder other than `except` (which may be `view` itself). */
  compatibleWithAll(view: ServiceView, except?: ServiceView): boolean {
    if (this.list.length <= 4) {
      for (const o of this.list) if (o !== except && incompatibility(o, view) !== undefined) return false;
      return true;
    }
    const { groups, ports } = this.#built();
    const own = except !== undefined && this.list.includes(except) ? except : undefined;
    for (const p of view.ports) {
      let n = ports.get(p) ?? 0;
      if (own !== undefined) for (const q of own.ports) if (q === p) n--;
      if (n > 0) return false;
    }
    const ownSignature = own !== undefined ? signature(own) : undefined;
    for (const [sig, g] of groups) {
      if (sig === ownSignature && g.count === 1) continue;
      // Same signature, same answer but for ports (checked above): ask one of the group.
      if (incompatibleIgnoringPorts(g.representative, view)) return false;
    }
    return true;
  }

  #built(): { groups: Map<string, Group>; ports: Map<number, number> } {
    if (this.#groups === undefined || this.#ports === undefined) {
      this.#groups = new Map();
      this.#ports = new Map();
      for (const v of this.list) this.#index(v);
    }
    return { groups: this.#groups, ports: this.#ports! };
  }

  #index(v: ServiceView): void {
    const sig = signature(v);
    const g = this.#groups!.get(sig);
    if (g === undefined) this.#groups!.set(sig, { representative: v, count: 1 });
    else g.count++;
    for (const p of v.ports) this.#ports!.set(p, (this.#ports!.get(p) ?? 0) + 1);
  }
}
