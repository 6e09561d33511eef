/** What a command may touch: streams, the working directory and the environment. Tests pass fakes. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** True when stdout is a terminal (colors allowed). */
  readonly isTty: boolean;
}

export interface Command {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Full `--help` text. */
  readonly help: string;
  /** Returns the exit code: 0 ok, 1 findings/failure, 2 usage error. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** A command as listed by `v6net --help`; its module is imported only when it runs. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<Command>;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    isTty: Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'],
  };
}
