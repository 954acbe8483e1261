/**
 * The glue between commander and a command: resolves the configuration from the global flags and the
 * environment, runs the command, and turns its result or error into an exit code and one readable
 * error line (`--verbose` adds the detail).
 *
 * @module
 */
import type { Command } from 'commander';
import { type CliConfig, type GlobalFlags, resolveConfig } from './config.js';
import { describeError, describeErrorDetail } from './describe-error.js';
import { ExitCode } from './exit-codes.js';

/** A command: given the configuration, its own flags and positional arguments, resolves to an exit code. */
export type CommandAction<F> = (config: CliConfig, flags: F, args: string[]) => Promise<number>;

/** Wraps a {@link CommandAction} as a commander action handler. */
export type ActionRunner = <F>(action: CommandAction<F>) => (...args: unknown[]) => Promise<void>;

/** Error names that mean "fix your input or configuration" (exit code 2). Matched by name, not class. */
const USAGE_ERRORS = new Set(['CliUsageError', 'SftValidationError', 'SftAuthError', 'CommanderError']);

/** The exit code for an error a command threw. */
export function exitCodeFor(error: unknown): number {
  if (!(error instanceof Error)) return ExitCode.someFailed;
  if (USAGE_ERRORS.has(error.name)) return ExitCode.usage;
  // A store driver that is not installed is configuration (install it), even when the adapter only
  // notices on first use; an unreachable or failing store stays a run-time failure (1).
  const reason = (error as { reason?: unknown }).reason;
  return error.name === 'SftStoreError' && reason === 'driver-missing' ? ExitCode.usage : ExitCode.someFailed;
}

/** The standard {@link ActionRunner}: sets `process.exitCode`, prints errors on stderr. */
export const runAction: ActionRunner =
  (action) =>
  async (...args) => {
    const command = args[args.length - 1] as Command;
    const positional = args.slice(0, -2).flat().map(String);
    const flags = command.optsWithGlobals() as GlobalFlags & Record<string, unknown>;
    try {
      const config = resolveConfig(flags);
      process.exitCode = await action(config, flags as never, positional);
    } catch (error) {
      process.stderr.write(`sft-endpoints ${command.name()}: ${describeError(error)}\n`);
      if (flags.verbose) {
        for (const line of describeErrorDetail(error)) process.stderr.write(`  ${line}\n`);
      } else {
        process.stderr.write('  (rerun with --verbose for details)\n');
      }
      process.exitCode = exitCodeFor(error);
    }
  };
