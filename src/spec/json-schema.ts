/**
 * The JSON Schema of `v6net.yaml`, generated from the TypeBox schemas in `schema.ts` (their symbol-keyed TypeBox
 * metadata is dropped by JSON serialisation). `v6net schema` prints it; `schema/v6net.schema.json` is a committed copy
 * that a test keeps up to date, referenced by the example's `# yaml-language-server: $schema=` line.
 */
import { SpecSchema } from './schema.js';

export const JSON_SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

/** The schema as a JSON value: `$schema` dialect first, then the spec schema as TypeBox builds it. */
export function specJsonSchema(): Record<string, unknown> {
  return JSON.parse(JSON.stringify({ $schema: JSON_SCHEMA_DIALECT, ...SpecSchema })) as Record<string, unknown>;
}

/** The schema as the exact text of `schema/v6net.schema.json` (2-space indent, trailing newline). */
export function renderJsonSchema(): string {
  return `${JSON.stringify(specJsonSchema(), null, 2)}\n`;
}
