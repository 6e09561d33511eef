/** Reading the spec file named on the command line, with usage errors (exit 2) for missing/unreadable files. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { CliIo } from './io.js';

/** The spec used when no path is given, relative to the working directory. */
export const DEFAULT_SPEC = 'v6net.yaml';

export async function readSpecFile(file: string, io: CliIo): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, file), 'utf8');
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
