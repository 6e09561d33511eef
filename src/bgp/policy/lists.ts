/** The named lists of a policy configuration, compiled once and looked up by name (FRR's global namespaces). */
import { CompiledAsPathList } from './as-path-list.js';
import { CompiledCommunityList, CompiledLargeCommunityList } from './community-list.js';
import { CompiledPrefixList } from './prefix-list.js';
import type { PolicyConfig } from './types.js';

export class PolicyLists {
  readonly #prefix = new Map<string, CompiledPrefixList>();
  readonly #community = new Map<string, CompiledCommunityList>();
  readonly #large = new Map<string, CompiledLargeCommunityList>();
  readonly #asPath = new Map<string, CompiledAsPathList>();

  constructor(config: PolicyConfig) {
    for (const l of config.prefixLists ?? []) this.#prefix.set(`${l.afi}:${l.name}`, new CompiledPrefixList(l));
    for (const l of config.communityLists ?? []) this.#community.set(l.name, new CompiledCommunityList(l));
    for (const l of config.largeCommunityLists ?? []) this.#large.set(l.name, new CompiledLargeCommunityList(l));
    for (const l of config.asPathLists ?? []) this.#asPath.set(l.name, new CompiledAsPathList(l));
  }

  /** `ip prefix-list` (afi 1) or `ipv6 prefix-list` (afi 2) by name. */
  prefixList(afi: 1 | 2, name: string): CompiledPrefixList | undefined {
    return this.#prefix.get(`${afi === 1 ? 'ipv4' : 'ipv6'}:${name}`);
  }

  communityList(name: string): CompiledCommunityList | undefined {
    return this.#community.get(name);
  }

  largeCommunityList(name: string): CompiledLargeCommunityList | undefined {
    return this.#large.get(name);
  }

  asPathList(name: string): CompiledAsPathList | undefined {
    return this.#asPath.get(name);
  }
}
