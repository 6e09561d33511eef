import { V6netError } from '../core/errors.js';

/** Codes a lab operation fails with. Tests assert these, never message text. */
export const LabErrorCode = {
  /** A command run to set up or query the lab exited non-zero. */
  commandFailed: 'E_LAB_COMMAND_FAILED',
  /** A command or a wait did not finish before its deadline. */
  timeout: 'E_LAB_TIMEOUT',
  /** A daemon process exited while it was expected to run. */
  daemonExited: 'E_LAB_DAEMON_EXITED',
  /** A daemon's answer could not be understood. */
  badOutput: 'E_LAB_BAD_OUTPUT',
  /** A name or value given to the lab is not acceptable (e.g. an interface name over 15 characters). */
  badInput: 'E_LAB_BAD_INPUT',
} as const;

export type LabErrorCode = (typeof LabErrorCode)[keyof typeof LabErrorCode];

export class LabError extends V6netError {
  declare readonly code: LabErrorCode;

  constructor(code: LabErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}
