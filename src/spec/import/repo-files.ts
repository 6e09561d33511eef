/**
 * The file-access port the repo reader walks: three questions (what is at a path, what is in a directory, what
 * does a file say). The CLI implements it over the real filesystem; tests use {@link MemoryRepoFiles}. Paths are
 * POSIX paths as the user wrote them (`cluster/infra`, `../base/x.yaml`); `joinPath` resolves `.` and `..`.
 */
export interface RepoFilesPort {
  stat(path: string): Promise<'file' | 'dir' | undefined>;
  /** Entry names of a directory (not recursive); empty when unreadable. */
  list(dir: string): Promise<string[]>;
  /** The file's text; undefined when it cannot be read. */
  read(path: string): Promise<string | undefined>;
}

/** Joins POSIX path parts and resolves `.` and `..` (a leading `..` that cannot be resolved is kept). */
export function joinPath(...parts: string[]): string {
  const absolute = parts[0]?.startsWith('/') ?? false;
  const out: string[] = [];
  for (const part of parts.join('/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !absolute) out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined === '' ? '.' : joined;
}

export function dirnameOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : path.slice(0, i);
}

export function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** An in-memory repository: `{ 'cluster/bgp.yaml': '...' }`. Directories are implied by the paths. */
export class MemoryRepoFiles implements RepoFilesPort {
  private readonly files = new Map<string, string>();

  constructor(files: Readonly<Record<string, string>>) {
    for (const [path, text] of Object.entries(files)) this.files.set(joinPath(path), text);
  }

  async stat(path: string): Promise<'file' | 'dir' | undefined> {
    const p = joinPath(path);
    if (this.files.has(p)) return 'file';
    const prefix = p === '.' ? '' : `${p}/`;
    for (const k of this.files.keys()) if (k.startsWith(prefix)) return 'dir';
    return undefined;
  }

  async list(dir: string): Promise<string[]> {
    const p = joinPath(dir);
    const prefix = p === '.' ? '' : `${p}/`;
    const names = new Set<string>();
    for (const k of this.files.keys()) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0]!);
    return [...names].sort();
  }

  async read(path: string): Promise<string | undefined> {
    return this.files.get(joinPath(path));
  }
}
