/**
 * A walker that validates plain data against a JSON Schema (as TypeBox builds it) and reports every problem with one
 * precise code and a data path: E_SCHEMA_TYPE, E_SCHEMA_REQUIRED (at the map missing the key), E_SCHEMA_UNKNOWN_KEY
 * (at the key, with a did-you-mean), E_SCHEMA_ENUM (allowed values in the hint), E_SCHEMA_RANGE, E_SCHEMA_PATTERN.
 * A `format` is handed to the reporter's `checkFormat` (the spec and the Kubernetes readers check IP text there).
 * The walk follows the schema, not the data, so its depth is bounded by the schema's depth whatever the input.
 */
import type { TSchema } from '@sinclair/typebox';
import { closestMatch } from './did-you-mean.js';

export type DataPath = readonly (string | number)[];

export interface SchemaReportOptions {
  /** Where to point: the value at the path (default), its key, or the map that lacks it. */
  readonly at?: 'value' | 'key' | 'parent';
  readonly hint?: string;
}

export interface SchemaReporter {
  report(code: string, path: DataPath, message: string, options?: SchemaReportOptions): void;
  /** Checks a string with a `format` (e.g. an IPv6 prefix); reports on its own. */
  checkFormat?(value: string, format: string, path: DataPath): void;
}

type JsonSchema = TSchema & {
  type?: string;
  anyOf?: JsonSchema[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  patternProperties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
};

/** The JSON type name of a value as users see it in messages. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'map';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function expectedName(schema: JsonSchema): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  switch (schema.type) {
    case 'object':
      return 'a map';
    case 'array':
      return 'a list';
    case 'string':
      return 'a string';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    default:
      return schema.anyOf ? schema.anyOf.map(expectedName).join(' or ') : 'a value';
  }
}

function typeMatches(schema: JsonSchema, value: unknown): boolean {
  if (schema.const !== undefined) return typeof schema.const === typeof value && value !== null;
  switch (schema.type) {
    case 'object':
      return isPlainObject(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return schema.anyOf ? schema.anyOf.some((s) => typeMatches(s, value)) : true;
  }
}

/**
 * Validates `value` against `schema` (a TypeBox/JSON Schema subset: object, array, string, integer, number,
 * boolean, const, anyOf), reporting every problem found below `path`.
 */
export function walkSchema(value: unknown, schema: TSchema, reporter: SchemaReporter, path: DataPath = []): void {
  walk(value, schema as JsonSchema, reporter, path);
}

function walk(value: unknown, schema: JsonSchema, r: SchemaReporter, path: DataPath): void {
  if (schema.anyOf || schema.const !== undefined) {
    walkUnion(value, schema.anyOf ?? [schema], r, path);
    return;
  }
  if (!typeMatches(schema, value)) {
    r.report('E_SCHEMA_TYPE', path, `expected ${expectedName(schema)}, got ${jsonTypeOf(value)}`);
    return;
  }
  if (schema.type === 'object') walkObject(value as Record<string, unknown>, schema, r, path);
  else if (schema.type === 'array') walkArray(value as unknown[], schema, r, path);
  else if (schema.type === 'string') walkString(value as string, schema, r, path);
  else if (schema.type === 'integer' || schema.type === 'number') walkNumber(value as number, schema, r, path);
}

function walkUnion(value: unknown, members: JsonSchema[], r: SchemaReporter, path: DataPath): void {
  const literals = members.filter((m) => m.const !== undefined);
  const structured = members.filter((m) => m.const === undefined);
  if (literals.some((m) => m.const === value)) return;
  const sameType = structured.find((m) => typeMatches(m, value));
  if (sameType) {
    walk(value, sameType, r, path);
    return;
  }
  if (literals.some((m) => typeMatches(m, value))) {
    const allowed = literals.map((m) => String(m.const));
    const close = typeof value === 'string' ? closestMatch(value, allowed) : undefined;
    r.report('E_SCHEMA_ENUM', path, `${JSON.stringify(value)} is not one of the allowed values`, {
      hint: `${close ? `did you mean '${close}'? ` : ''}allowed: ${allowed.join(', ')}`,
    });
    return;
  }
  r.report('E_SCHEMA_TYPE', path, `expected ${members.map(expectedName).join(' or ')}, got ${jsonTypeOf(value)}`);
}

function walkObject(value: Record<string, unknown>, schema: JsonSchema, r: SchemaReporter, path: DataPath): void {
  if (schema.patternProperties) {
    const valueSchema = Object.values(schema.patternProperties)[0];
    if (!valueSchema) return;
    for (const key of Object.keys(value)) walk(value[key], valueSchema, r, [...path, key]);
    return;
  }
  const properties = schema.properties ?? {};
  for (const key of schema.required ?? []) {
    if (!Object.hasOwn(value, key) || value[key] === undefined) {
      r.report('E_SCHEMA_REQUIRED', [...path, key], `required key '${key}' is missing`, { at: 'parent' });
    }
  }
  const allowed = Object.keys(properties);
  for (const key of Object.keys(value)) {
    const child = Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (child) {
      if (value[key] !== undefined) walk(value[key], child, r, [...path, key]);
      continue;
    }
    if (schema.additionalProperties === false) {
      const close = closestMatch(key, allowed);
      r.report('E_SCHEMA_UNKNOWN_KEY', [...path, key], `unknown key '${key}'`, {
        at: 'key',
        hint: close ? `did you mean '${close}'?` : `allowed keys: ${allowed.join(', ')}`,
      });
    }
  }
}

function walkArray(value: unknown[], schema: JsonSchema, r: SchemaReporter, path: DataPath): void {
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    r.report('E_SCHEMA_RANGE', path, `expected at least ${schema.minItems} item(s), got ${value.length}`);
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    r.report('E_SCHEMA_RANGE', path, `expected at most ${schema.maxItems} item(s), got ${value.length}`);
  }
  if (schema.items) {
    for (let i = 0; i < value.length; i++) walk(value[i], schema.items, r, [...path, i]);
  }
}

function walkNumber(value: number, schema: JsonSchema, r: SchemaReporter, path: DataPath): void {
  if (
    (schema.minimum !== undefined && value < schema.minimum) ||
    (schema.maximum !== undefined && value > schema.maximum)
  ) {
    r.report('E_SCHEMA_RANGE', path, `${value} is outside ${schema.minimum ?? '-∞'}..${schema.maximum ?? '∞'}`);
  }
}

const patternCache = new Map<string, RegExp>();

function walkString(value: string, schema: JsonSchema, r: SchemaReporter, path: DataPath): void {
  if (schema.minLength !== undefined && value.length < schema.minLength) {
    r.report('E_SCHEMA_RANGE', path, `text is shorter than ${schema.minLength} character(s)`);
    return;
  }
  if (schema.maxLength !== undefined && value.length > schema.maxLength) {
    r.report('E_SCHEMA_RANGE', path, `text is longer than ${schema.maxLength} characters`);
    return;
  }
  if (schema.pattern !== undefined) {
    let re = patternCache.get(schema.pattern);
    if (!re) {
      re = new RegExp(schema.pattern, 'u');
      patternCache.set(schema.pattern, re);
    }
    if (!re.test(value)) {
      r.report('E_SCHEMA_PATTERN', path, `${JSON.stringify(value)} does not match ${schema.pattern}`, {
        ...(schema.description ? { hint: schema.description } : {}),
      });
      return;
    }
  }
  if (schema.format !== undefined) r.checkFormat?.(value, schema.format, path);
}
