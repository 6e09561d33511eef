/**
 * Base error classes. Every error v6net raises on purpose carries a stable `code` (tests assert codes, never
 * message text). Anything else escaping to the CLI is a bug and is reported as such.
 */
export class V6netError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Bad input from a user (a file, a flag, a value). The CLI prints these without a stack trace. */
export class InputError extends V6netError {}

/** A command-line usage problem (exit code 2). */
export class UsageError extends V6netError {
  constructor(message: string) {
    super('E_USAGE', message);
  }
}
