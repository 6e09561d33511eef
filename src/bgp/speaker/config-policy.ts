/**
 * The router-wide sections of the speaker's YAML that are plain data of the layers below, checked against a JSON
 * Schema with the core walker (every problem with a code and a path): `policy` (the `PolicyConfig` of `bgp/policy`,
 * FRR semantics, also compiled once so a bad prefix or regular expression is reported at load time, not when the
 * first route arrives) and `bestPath` (the decision options of `bgp/rib`).
 */
import { type TSchema, Type } from '@sinclair/typebox';
import { type DataPath, walkSchema } from '../../core/schema-walk.js';
import { Policy, PolicyConfigError } from '../policy/index.js';
import type { PolicyConfig } from '../policy/types.js';
import type { BestPathOptions } from '../rib/best-path-steps.js';
import { CommunitySyntaxError } from '../wire/community.js';
import { PrefixSyntaxError } from '../wire/prefix.js';

const Action = Type.Union([Type.Literal('permit'), Type.Literal('deny')]);
const Origin = Type.Union([Type.Literal('igp'), Type.Literal('egp'), Type.Literal('incomplete')]);
const U32 = Type.Integer({ minimum: 0, maximum: 4294967295 });
const Name = Type.String({ minLength: 1 });
const strict = { additionalProperties: false } as const;

const Metric = Type.Union([U32, Type.Object({ add: U32 }, strict), Type.Object({ subtract: U32 }, strict)]);
const CommunitySet = Type.Union([
  Type.Object({ values: Type.Array(Type.String(), { minItems: 1 }), additive: Type.Optional(Type.Boolean()) }, strict),
  Type.Object({ none: Type.Literal(true) }, strict),
]);
const CommunityMatch = Type.Object({ list: Name, exactMatch: Type.Optional(Type.Boolean()) }, strict);

const CommunityList = Type.Object(
  {
    name: Name,
    entries: Type.Array(
      Type.Union([
        Type.Object({ action: Action, kind: Type.Literal('standard'), values: Type.Array(Type.String()) }, strict),
        Type.Object({ action: Action, kind: Type.Literal('expanded'), regex: Type.String() }, strict),
      ]),
    ),
  },
  strict,
);

const RouteMapRule = Type.Object(
  {
    seq: Type.Integer({ minimum: 1, maximum: 65535 }),
    action: Action,
    match: Type.Optional(
      Type.Object(
        {
          prefixList: Type.Optional(Name),
          nextHopPrefixList: Type.Optional(Name),
          nextHop: Type.Optional(Type.String()),
          community: Type.Optional(CommunityMatch),
          largeCommunity: Type.Optional(CommunityMatch),
          asPath: Type.Optional(Name),
          origin: Type.Optional(Origin),
          localPref: Type.Optional(U32),
          med: Type.Optional(U32),
          peer: Type.Optional(Type.String()),
        },
        strict,
      ),
    ),
    set: Type.Optional(
      Type.Object(
        {
          origin: Type.Optional(Origin),
          localPref: Type.Optional(Metric),
          med: Type.Optional(Metric),
          weight: Type.Optional(U32),
          communityDelete: Type.Optional(Name),
          communities: Type.Optional(CommunitySet),
          largeCommunityDelete: Type.Optional(Name),
          largeCommunities: Type.Optional(CommunitySet),
          asPathExclude: Type.Optional(Type.Array(U32)),
          asPathPrepend: Type.Optional(
            Type.Union([Type.Array(U32), Type.Object({ lastAs: Type.Integer({ minimum: 1, maximum: 10 }) }, strict)]),
          ),
          nextHop: Type.Optional(Type.String()),
          nextHopPreferGlobal: Type.Optional(Type.Boolean()),
        },
        strict,
      ),
    ),
    call: Type.Optional(Name),
    onMatch: Type.Optional(
      Type.Union([Type.Literal('next'), Type.Object({ goto: Type.Integer({ minimum: 1, maximum: 65535 }) }, strict)]),
    ),
  },
  strict,
);

/** JSON Schema of `PolicyConfig`. */
export const POLICY_SCHEMA: TSchema = Type.Object(
  {
    prefixLists: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Name,
            afi: Type.Union([Type.Literal('ipv4'), Type.Literal('ipv6')]),
            entries: Type.Array(
              Type.Object(
                {
                  seq: Type.Integer({ minimum: 1, maximum: 4294967295 }),
                  action: Action,
                  prefix: Type.String({ minLength: 1 }),
                  ge: Type.Optional(Type.Integer({ minimum: 0, maximum: 128 })),
                  le: Type.Optional(Type.Integer({ minimum: 0, maximum: 128 })),
                },
                strict,
              ),
            ),
          },
          strict,
        ),
      ),
    ),
    communityLists: Type.Optional(Type.Array(CommunityList)),
    largeCommunityLists: Type.Optional(Type.Array(CommunityList)),
    asPathLists: Type.Optional(
      Type.Array(
        Type.Object(
          { name: Name, entries: Type.Array(Type.Object({ action: Action, regex: Type.String() }, strict)) },
          strict,
        ),
      ),
    ),
    routeMaps: Type.Optional(Type.Array(Type.Object({ name: Name, rules: Type.Array(RouteMapRule) }, strict))),
  },
  strict,
);

const BOOL = Type.Optional(Type.Boolean());
const PATHS = Type.Optional(Type.Integer({ minimum: 1, maximum: 256 }));

/** JSON Schema of the `bestPath` section (`bgp bestpath …`, `maximum-paths`); the IGP cost hook is code only. */
export const BEST_PATH_SCHEMA: TSchema = Type.Object(
  {
    defaultLocalPref: Type.Optional(U32),
    asPathIgnore: BOOL,
    alwaysCompareMed: BOOL,
    deterministicMed: BOOL,
    medMissingAsWorst: BOOL,
    compareRouterId: BOOL,
    maximumPaths: PATHS,
    maximumPathsIbgp: PATHS,
    asPathMultipathRelax: BOOL,
  },
  strict,
);

export interface SectionProblem {
  readonly code: string;
  readonly path: DataPath;
  readonly message: string;
  readonly hint?: string;
}

function walk(value: unknown, schema: TSchema, path: DataPath): SectionProblem[] {
  const problems: SectionProblem[] = [];
  walkSchema(
    value,
    schema,
    {
      report: (code, p, message, options) =>
        problems.push({
          code,
          path: options?.at === 'parent' ? p.slice(0, -1) : p,
          message,
          ...(options?.hint !== undefined ? { hint: options.hint } : {}),
        }),
    },
    path,
  );
  return problems;
}

/** Validates a `bestPath` value: the options, or the problems found. */
export function checkBestPathConfig(
  value: unknown,
  path: DataPath,
): { value?: BestPathOptions; problems: SectionProblem[] } {
  const problems = walk(value, BEST_PATH_SCHEMA, path);
  return problems.length > 0 ? { problems } : { value: value as BestPathOptions, problems };
}

/** Validates and compiles a `policy` value (plain data from YAML): the config, or the problems found. */
export function checkPolicyConfig(
  value: unknown,
  path: DataPath,
): { value?: PolicyConfig; problems: SectionProblem[] } {
  const problems = walk(value, POLICY_SCHEMA, path);
  if (problems.length > 0) return { problems };
  const policy = value as PolicyConfig;
  try {
    new Policy(policy);
  } catch (e) {
    if (e instanceof PolicyConfigError) return { problems: [{ code: e.code, path, message: e.message }] };
    if (e instanceof PrefixSyntaxError || e instanceof CommunitySyntaxError)
      return { problems: [{ code: 'E_POLICY_VALUE', path, message: e.message }] };
    throw e;
  }
  return { value: policy, problems };
}
