/**
 * Ctrl-C and SIGTERM handling for long commands. The first signal aborts the command's
 * `AbortSignal`: no new work starts, requests in flight are seen through (their outcome must be known
 * to stay exactly-once), and the command prints how to resume. A second signal exits at once.
 *
 * @module
 */
import { setMaxListeners } from 'node:events';
import { ExitCode } from './exit-codes.js';

/** Abort listeners on the interrupt signal before Node warns of a leak (well above any concurrency). */
const MAX_IN_FLIGHT_LISTENERS = 1000;

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
  // Every row or call in flight (the concurrency can exceed Node's default of 10) listens on this one
  // signal and stops listening when done: raise the warning threshold so a normal run does not print a
  // "possible memory leak" warning over the progress bar, while a real leak (one per row) still shows.
  setMaxListeners(MAX_IN_FLIGHT_LISTENERS, controller.signal);
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
