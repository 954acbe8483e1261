/**
 * Ctrl-C and SIGTERM handling for long commands. The first signal aborts the command's
 * `AbortSignal`: no new work starts, requests in flight are seen through (their outcome must be known
 * to stay exactly-once), and the command prints how to resume. A second signal exits at once.
 *
 * @module
 */
import { ExitCode } from './exit-codes.js';

/** A scope listening for Ctrl-C / SIGTERM. */
export interface InterruptScope {
  /** Aborted on the first Ctrl-C or SIGTERM. */
  readonly signal: AbortSignal;
  /** Stops listening (call when the command ends). */
  dispose(): void;
}

/** Starts listening; `onFirst` prints what happens next (e.g. "finishing 8 requests in flight"). */
export function listenForInterrupt(onFirst: () => void): InterruptScope {
  const controller = new AbortController();
  const handler = (signalName: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      process.stderr.write(`\n${signalName} again: exiting now. Rerun the same command to resume.\n`);
      process.exit(ExitCode.interrupted);
    }
    controller.abort(new Error(`interrupted by ${signalName}`));
    onFirst();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
