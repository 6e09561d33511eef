import type { ProcessRegistry } from '../processes.js';

/** Where and how a lab daemon runs: its namespace, its private working directory, the registry that owns it. */
export interface DaemonContext {
  readonly namespace: string;
  /** A directory only this daemon uses (config, sockets, logs). */
  readonly dir: string;
  readonly registry: ProcessRegistry;
  /** Deadline for the daemon to become ready (default 15 s). */
  readonly startTimeoutMs?: number;
}

/** Quotes a string for daemon configuration languages that accept double-quoted strings. */
export function quoted(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
