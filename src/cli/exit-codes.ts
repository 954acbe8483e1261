/**
 * The CLI's exit codes, and the error that means "the user asked for something we cannot do".
 *
 * @module
 */

/** Exit codes of the `sft-endpoints` bin. */
export const ExitCode = {
  /** Everything asked for was done. */
  ok: 0,
  /** The command ran, but some rows or endpoints failed; the output (or a report file) names them. */
  someFailed: 1,
  /** Usage or configuration error (bad flag, missing credentials, unreadable file, unreachable store). */
  usage: 2,
  /** Stopped by Ctrl-C / SIGTERM before the end; the message says how to resume. */
  interrupted: 130,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * A usage or configuration problem the user can fix (exit code 2). The message is printed as is, so it
 * says what to change.
 */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}
