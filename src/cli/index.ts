/**
 * The `sft-endpoints` bin (built to `dist/cli.js`). See `sft-endpoints --help` and docs/cli.md.
 *
 * @module
 */
import { CommanderError } from 'commander';
import { describeError } from './describe-error.js';
import { ExitCode } from './exit-codes.js';
import { buildProgram } from './program.js';

/** Runs the CLI with `argv` (as `process.argv`); resolves to the exit code. */
export async function main(argv: readonly string[] = process.argv): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other parse error (unknown flag, bad value…) is a usage error.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    throw error;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok;
}

// A reader that stops early (`sft-endpoints list | head`) closes the pipe: stop quietly, like other CLIs,
// instead of crashing with an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.ok);
    throw error;
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sft-endpoints: unexpected error: ${describeError(error)}\n`);
    process.exitCode = ExitCode.someFailed;
  },
);
