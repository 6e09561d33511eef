/**
 * Loading a spec: YAML text (`loadSpecText`) or a TypeScript object (`loadSpecObject`, `defineNetwork`). Both run
 * the same validation and collect every problem as a Diagnostic; YAML-loaded diagnostics carry source positions.
 * Nothing here throws or reads files (the CLI reads the file and passes the text in).
 */
import { compareDiagnostics, type Diagnostic } from '../core/diagnostic.js';
import type { DataPath, Locator } from './plan-types.js';
import { Reporter } from './reporter.js';
import { type Spec, SpecSchema } from './schema.js';
import { validateSemantics } from './validate-semantics.js';
import { validateStructure } from './validate-structure.js';
import { type LocateMode, parseYamlSource } from './yaml-source.js';

export interface LoadedSpec {
  /** The validated spec; undefined when any error was found. */
  readonly spec?: Spec;
  /** File name used in diagnostics (as given by the caller). */
  readonly file: string;
  /** Data path → where it is written (always undefined for TS objects). */
  readonly locate: Locator;
  /** Every problem found, sorted by position. */
  readonly diagnostics: Diagnostic[];
}

/**
 * Typed identity helper for specs written in TypeScript: `export default defineNetwork({...})` gets completion and
 * type errors from the same schema as the YAML format. Validate it with `loadSpecObject`.
 */
export function defineNetwork(spec: Spec): Spec {
  return spec;
}

/** Validates spec data (already parsed) and builds the LoadedSpec. */
function validate(
  data: unknown,
  file: string,
  locateAt: (path: DataPath, mode?: LocateMode) => ReturnType<Locator>,
  initial: readonly Diagnostic[],
): LoadedSpec {
  const reporter = new Reporter(locateAt);
  reporter.diagnostics.push(...initial);
  try {
    if (data === undefined && initial.length > 0) {
      // parse failures are already in `initial`
    } else if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      reporter.report(
        'E_SCHEMA_TYPE',
        [],
        `the spec must be a map of keys (version, name, aggregate, plan, cluster, routers), got ${
          data === null || data === undefined ? 'nothing' : Array.isArray(data) ? 'a list' : typeof data
        }`,
      );
    } else {
      validateStructure(data, SpecSchema, reporter);
      validateSemantics(data, reporter);
    }
  } catch (error) {
    // Defensive: validation is written not to throw; if it ever does, report instead of crashing.
    reporter.report('E_INTERNAL', [], `spec validation failed unexpectedly: ${String(error)}`);
  }
  const diagnostics = [...reporter.diagnostics].sort(compareDiagnostics);
  const ok = !reporter.hasErrors() && data !== undefined;
  const locate: Locator = (path) => locateAt(path, 'value');
  return { ...(ok ? { spec: data as Spec } : {}), file, locate, diagnostics };
}

/** Loads `v6net.yaml` text. `file` names the source in diagnostics. */
export function loadSpecText(text: string, file: string): LoadedSpec {
  let source: ReturnType<typeof parseYamlSource>;
  try {
    source = parseYamlSource(text, file);
  } catch (error) {
    const diagnostic: Diagnostic = {
      code: 'E_YAML_SYNTAX',
      severity: 'error',
      message: `the spec could not be parsed: ${String(error)}`,
      path: [],
    };
    return { file, locate: () => undefined, diagnostics: [diagnostic] };
  }
  return validate(source.data, file, (path, mode) => source.locate(path, mode), source.diagnostics);
}

/** Validates a spec given as a JavaScript object exactly like YAML text (without source positions). */
export function loadSpecObject(obj: unknown, name = '<object>'): LoadedSpec {
  return validate(obj, name, () => undefined, []);
}
