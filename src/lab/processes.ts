/**
 * Processes the lab starts: one-shot commands with a deadline, and long-running daemons tracked in a registry that
 * stops exactly the processes (and their process groups) it started, by pid — never by name or pattern.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { LabError, LabErrorCode } from './errors.js';
import { sleep } from './wait.js';

export interface CommandResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Run inside this network namespace (`ip netns exec`). */
  readonly namespace?: string;
  /** Kill the command after this long (default 15 s). */
  readonly timeoutMs?: number;
  /** Text written to standard input. */
  readonly input?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Do not throw on a non-zero exit code. */
  readonly allowFailure?: boolean;
}

/** `cmd args…` as run inside `namespace`, or unchanged without one. */
export function inNamespace(
  namespace: string | undefined,
  command: string,
  args: readonly string[],
): [string, string[]] {
  if (namespace === undefined) return [command, [...args]];
  return ['ip', ['netns', 'exec', namespace, command, ...args]];
}

const maxCapturedChars = 4 * 1024 * 1024;

/** Runs one command to completion (bounded by `timeoutMs`) and returns its output. */
export function runCommand(command: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const [file, argv] = inNamespace(options.namespace, command, args);
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(file, argv, {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, ...options.env },
        cwd: options.cwd,
      });
    } catch (error) {
      reject(new LabError(LabErrorCode.commandFailed, `cannot start ${command}`, { cause: error }));
      return;
    }
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < maxCapturedChars) stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < maxCapturedChars) stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new LabError(LabErrorCode.commandFailed, `cannot run ${command}: ${error.message}`, { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const shown = [command, ...args].join(' ');
      if (timedOut) {
        reject(new LabError(LabErrorCode.timeout, `${shown} did not finish within ${timeoutMs} ms`));
        return;
      }
      if (code !== 0 && !options.allowFailure) {
        reject(
          new LabError(
            LabErrorCode.commandFailed,
            `${shown} exited with ${code ?? signal}: ${(stderr || stdout).trim().slice(0, 2000)}`,
          ),
        );
        return;
      }
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input ?? '');
  });
}

export interface SpawnOptions {
  readonly namespace?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** Both output streams are appended to this file (for post-mortems). */
  readonly logFile?: string;
  /** Called with every complete line the process writes to stdout. */
  readonly onStdoutLine?: (line: string) => void;
}

/** A long-running process started by a registry. */
export class LabProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private running = true;
  private readonly tail: string[] = [];

  constructor(name: string, child: ChildProcess, options: SpawnOptions) {
    if (child.pid === undefined) throw new LabError(LabErrorCode.commandFailed, `${name} did not start`);
    this.name = name;
    this.pid = child.pid;
    let log: WriteStream | undefined;
    if (options.logFile !== undefined) log = createWriteStream(options.logFile, { flags: 'a' });
    let partial = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      log?.write(chunk);
      partial += chunk;
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        this.remember(line);
        options.onStdoutLine?.(line);
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      log?.write(chunk);
      for (const line of chunk.split('\n')) if (line !== '') this.remember(line);
    });
    this.exited = new Promise((resolve) => {
      child.on('error', (error) => {
        this.remember(`spawn error: ${error.message}`);
      });
      child.on('exit', (code, signal) => {
        this.running = false;
        // Leave the streams a moment to drain before the log closes.
        setTimeout(() => log?.end(), 50);
        resolve({ code, signal });
      });
    });
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** The last lines the process wrote (stdout and stderr), for error messages. */
  recentOutput(): string {
    return this.tail.join('\n');
  }

  private remember(line: string): void {
    this.tail.push(line);
    if (this.tail.length > 40) this.tail.shift();
  }
}

/**
 * Starts long-running processes in their own process group and stops exactly those groups. Processes are started
 * through `ip netns exec`, which execs the command, so the recorded pid is the daemon's own.
 */
export class ProcessRegistry {
  private readonly processes = new Set<LabProcess>();

  spawn(name: string, command: string, args: readonly string[], options: SpawnOptions = {}): LabProcess {
    const [file, argv] = inNamespace(options.namespace, command, args);
    const child = spawn(file, argv, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
      cwd: options.cwd,
      detached: true,
    });
    const proc = new LabProcess(name, child, options);
    this.processes.add(proc);
    void proc.exited.then(() => this.processes.delete(proc));
    return proc;
  }

  /** Sends `signal` to the process group of `proc` (a group this registry created). */
  signal(proc: LabProcess, signal: NodeJS.Signals): void {
    if (!proc.isRunning) return;
    try {
      process.kill(-proc.pid, signal);
    } catch {
      try {
        process.kill(proc.pid, signal);
      } catch {
        // Already gone.
      }
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited (bounded). */
  async stop(proc: LabProcess, graceMs = 3_000): Promise<void> {
    if (!proc.isRunning) return;
    this.signal(proc, 'SIGTERM');
    const exitedInTime = await Promise.race([proc.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!exitedInTime) {
      this.signal(proc, 'SIGKILL');
      await Promise.race([proc.exited, sleep(2_000)]);
    }
  }

  /** SIGKILL at once: the process gets no chance to send anything. */
  async kill(proc: LabProcess): Promise<void> {
    this.signal(proc, 'SIGKILL');
    await Promise.race([proc.exited, sleep(2_000)]);
  }

  /** Stops every process still running that this registry started. */
  async stopAll(graceMs = 2_000): Promise<void> {
    await Promise.all([...this.processes].map((proc) => this.stop(proc, graceMs)));
  }

  get running(): readonly LabProcess[] {
    return [...this.processes].filter((proc) => proc.isRunning);
  }
}
