/** Routing policy (FRR semantics): plain-data configuration compiled into lists and route maps. */
import { PolicyLists } from './lists.js';
import { RouteMaps } from './route-map.js';
import type { PolicyConfig } from './types.js';

export { CompiledAsPathList, frrAsPathRegex } from './as-path-list.js';
export {
  CompiledCommunityList,
  CompiledLargeCommunityList,
  frrCommunityText,
  parsePolicyCommunity,
} from './community-list.js';
export { PolicyLists } from './lists.js';
export { CompiledPrefixList, PolicyConfigError } from './prefix-list.js';
export { ROUTE_MAP_RECURSION_LIMIT, RouteMaps } from './route-map.js';
export { applySet, type PolicyRoute, prependAsns } from './route-map-set.js';
export type * from './types.js';

/** A compiled policy configuration: its lists and route maps. Throws PolicyConfigError on invalid input. */
export class Policy {
  readonly lists: PolicyLists;
  readonly routeMaps: RouteMaps;

  constructor(readonly config: PolicyConfig = {}) {
    this.lists = new PolicyLists(config);
    this.routeMaps = new RouteMaps(config, this.lists);
  }
}
