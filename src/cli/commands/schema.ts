import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InputError, UsageError } from '../../core/errors.js';
import { renderJsonSchema } from '../../spec/json-schema.js';
import { parseCommandArgs } from '../args.js';
import type { CliIo, Command } from '../io.js';

/** Writes `text` to `file` atomically (temp file in the same folder, then rename). */
async function writeAtomic(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, text, 'utf8');
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'Print the JSON Schema of v6net.yaml (for editors and validators)',
  help: `Usage: v6net schema [-o FILE]

Prints the JSON Schema of the v6net.yaml format, generated from the same definitions the loader validates with.
Point your editor at it, e.g. put this first line in v6net.yaml (yaml-language-server):
  # yaml-language-server: $schema=./v6net.schema.json

Options:
  -o, --output FILE   write the schema to FILE (atomically) instead of stdout
  -h, --help          show this help
`,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(argv, { output: { type: 'string', short: 'o' } });
    if (positionals.length > 0) {
      throw new UsageError(`unexpected argument '${positionals[0]}'`);
    }
    const text = renderJsonSchema();
    if (values.output === undefined || values.output === '-') {
      io.stdout.write(text);
      return 0;
    }
    const file = resolve(io.cwd, values.output);
    try {
      await writeAtomic(file, text);
    } catch (error) {
      throw new InputError('E_WRITE', `cannot write ${values.output}: ${(error as Error).message}`);
    }
    io.stderr.write(`wrote ${values.output}\n`);
    return 0;
  },
};
