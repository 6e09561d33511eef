/**
 * AS-path access lists with FRR semantics (bgpd/bgp_filter.c, bgp_regex.c): entries in order, the first whose
 * regex finds a match in the path text (`65001 65002 {65003,65004}`) decides; no match denies. `_` stands for a
 * delimiter: start, end, space, comma, brace or parenthesis.
 */
import type { AsPathSegment } from '../wire/path-attributes.js';
import { formatAsPathText } from '../rib/attributes.js';
import { PolicyConfigError } from './prefix-list.js';
import type { AsPathList, PolicyAction } from './types.js';

/** FRR bgp_regcomp: every `_` becomes `(^|[,{}() ]|$)`. */
export function frrAsPathRegex(source: string): RegExp {
  try {
    return new RegExp(source.replaceAll('_', '(^|[,{}() ]|$)'));
  } catch {
    throw new PolicyConfigError('E_POLICY_REGEX', `not a valid AS-path regular expression: ${source}`);
  }
}

export class CompiledAsPathList {
  readonly #entries: readonly { readonly action: PolicyAction; readonly regex: RegExp }[];

  constructor(readonly list: AsPathList) {
    this.#entries = list.entries.map((e) => ({ action: e.action, regex: frrAsPathRegex(e.regex) }));
  }

  evaluate(asPath: readonly AsPathSegment[]): PolicyAction {
    const text = formatAsPathText(asPath);
    for (const e of this.#entries) if (e.regex.test(text)) return e.action;
    return 'deny';
  }
}
