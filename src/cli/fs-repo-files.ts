/** The repo reader's file-access port over the real filesystem, relative to the CLI's working directory. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { RepoFilesPort } from '../spec/import/repo-files.js';

export function fsRepoFiles(cwd: string): RepoFilesPort {
  const abs = (path: string) => resolve(cwd, path);
  return {
    async stat(path) {
      try {
        const s = await stat(abs(path));
        return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : undefined;
      } catch {
        return undefined;
      }
    },
    async list(dir) {
      try {
        return (await readdir(abs(dir))).sort();
      } catch {
        return [];
      }
    },
    async read(path) {
      try {
        return await readFile(abs(path), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
