/**
 * Writes a set of files into a directory without ever leaving it half-written: everything is first staged in a
 * temporary directory next to the target (same filesystem), then each file is moved into place with rename(2),
 * which is atomic per file. If staging fails, the target is untouched and the staging directory is removed.
 */
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, normalize, resolve, sep } from 'node:path';
import { InputError } from '../core/errors.js';

export interface FileToWrite {
  readonly path: string;
  readonly content: string;
}

export interface WriteResult {
  readonly written: string[];
  readonly unchanged: string[];
}

function safeRelative(path: string): string {
  const n = normalize(path);
  if (n.startsWith('..') || n.startsWith(sep) || n.includes(`${sep}..${sep}`)) {
    throw new InputError('E_PATH', `refusing to write outside the output directory: ${path}`);
  }
  return n;
}

export async function writeTreeAtomic(outDir: string, files: readonly FileToWrite[]): Promise<WriteResult> {
  const target = resolve(outDir);
  await mkdir(target, { recursive: true });
  const stage = await mkdtemp(join(target, '.v6net-tmp-'));
  const written: string[] = [];
  const unchanged: string[] = [];
  try {
    const staged: { from: string; to: string; rel: string }[] = [];
    for (const f of files) {
      const rel = safeRelative(f.path);
      const to = join(target, rel);
      const existing = await readFile(to, 'utf8').catch(() => undefined);
      if (existing === f.content) {
        unchanged.push(rel);
        continue;
      }
      const from = join(stage, rel);
      await mkdir(dirname(from), { recursive: true });
      await writeFile(from, f.content, 'utf8');
      staged.push({ from, to, rel });
    }
    for (const s of staged) {
      await mkdir(dirname(s.to), { recursive: true });
      await rename(s.from, s.to);
      written.push(s.rel);
    }
  } finally {
    await rm(stage, { recursive: true, force: true });
  }
  return { written, unchanged };
}
