/**
 * `v6net check [spec]`: load, plan and check a spec; print every finding with its position.
 *
 * Structure, so that checking `PATH...` (directories, Cilium YAML, VyOS configs) is an extension: arguments become
 * a list of inputs (`resolveInputs`), each input is read and classified (`readInput`, today only `spec`), each kind
 * has its checker (`checkInput`), and all diagnostics are merged, sorted and printed once.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkSpecText } from '../../check/check-spec.js';
import { allRules } from '../../check/registry.js';
import { compareDiagnostics, type Diagnostic, hasErrors } from '../../core/diagnostic.js';
import { UsageError } from '../../core/errors.js';
import { parseCommandArgs } from '../args.js';
import { formatDiagnosticsJson, formatDiagnosticsText } from '../format-diagnostics.js';
import type { CliIo, Command } from '../io.js';

/** The spec checked when no path is given, relative to the working directory. */
export const DEFAULT_SPEC = 'v6net.yaml';

/** One thing to check; `kind` grows with the import formats. */
interface CheckInput {
  readonly kind: 'spec';
  /** As the user wrote it (used in diagnostics). */
  readonly file: string;
  readonly text: string;
}

function resolveInputs(positionals: readonly string[]): string[] {
  if (positionals.length === 0) return [DEFAULT_SPEC];
  if (positionals.length > 1) throw new UsageError('check takes one spec file (several inputs are not supported yet)');
  return [...positionals];
}

async function readInput(file: string, io: CliIo): Promise<CheckInput> {
  try {
    const text = await readFile(resolve(io.cwd, file), 'utf8');
    return { kind: 'spec', file, text };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new UsageError(
        file === DEFAULT_SPEC
          ? `no ${DEFAULT_SPEC} in ${io.cwd}; pass the spec file as an argument`
          : `spec file '${file}' does not exist`,
      );
    }
    if (code === 'EISDIR') throw new UsageError(`'${file}' is a directory; pass the spec file itself`);
    throw new UsageError(`cannot read '${file}': ${code ?? (error as Error).message}`);
  }
}

function checkInput(input: CheckInput): Diagnostic[] {
  switch (input.kind) {
    case 'spec':
      return checkSpecText(input.text, input.file).diagnostics;
  }
}

function printRules(io: CliIo, json: boolean): void {
  if (json) {
    const rules = allRules.map((r) => ({ id: r.id, severity: r.severity, family: r.family, doc: r.doc }));
    io.stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
    return;
  }
  const idWidth = Math.max(...allRules.map((r) => r.id.length));
  let family = '';
  let text = '';
  for (const rule of allRules) {
    if (rule.family !== family) {
      text += `${family === '' ? '' : '\n'}${rule.family}\n`;
      family = rule.family;
    }
    text += `  ${rule.id.padEnd(idWidth)}  ${rule.severity.padEnd(7)}  ${rule.doc}\n`;
  }
  io.stdout.write(text);
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check a spec: schema, address plan, Kubernetes limits, BGP sanity (file:line findings)',
  help: `Usage: v6net check [SPEC] [--json] [--rules]

Loads SPEC (default: ${DEFAULT_SPEC} in the current directory), plans the network and runs every rule.
Each finding is printed as
  file:line:col severity code message
      hint: what to do
      related: file:line:col the other side of a conflict
followed by a summary line. Codes E_* come from loading and planning, family/name codes from the rules.

Options:
  --json      print the findings as a JSON array of
              {code, severity, message, file, line, column, path, hint?, related?}
  --rules     list every rule (id, severity, description) instead of checking; with --json as JSON
  -h, --help  show this help

Exit codes: 0 no errors (warnings and infos allowed), 1 errors found, 2 usage error (bad flag, missing or
unreadable file).
`,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(argv, {
      json: { type: 'boolean' },
      rules: { type: 'boolean' },
    });
    const json = values.json === true;
    if (values.rules === true) {
      if (positionals.length > 0) throw new UsageError('--rules takes no spec argument');
      printRules(io, json);
      return 0;
    }
    const inputs = await Promise.all(resolveInputs(positionals).map((file) => readInput(file, io)));
    const diagnostics = inputs.flatMap(checkInput).sort(compareDiagnostics);
    const fallbackFile = inputs.length === 1 ? inputs[0]!.file : undefined;
    io.stdout.write(
      json
        ? formatDiagnosticsJson(diagnostics, fallbackFile)
        : formatDiagnosticsText(diagnostics, { color: io.isTty, ...(fallbackFile ? { file: fallbackFile } : {}) }),
    );
    return hasErrors(diagnostics) ? 1 : 0;
  },
};
