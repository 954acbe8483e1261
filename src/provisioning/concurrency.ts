/**
 * Automatic concurrency for bulk runs: enough rows in flight to keep the pacer busy at the observed
 * latency (Little's law: in flight ≈ rate × latency), without piling rows up behind it.
 *
 * The controller starts from `rate × assumedLatency + 1` and then watches the pacer's queue each
 * time a request finishes: nobody waiting means a token may go unused, so one more row is let in;
 * more than a second's worth of rows waiting means they only wait, so one fewer. Pacers that do not report their queue keep the
 * starting value.
 *
 * @module
 */
import type { RequestPacer } from '../transport/pacer.js';

/** Options of {@link createConcurrencyController}. */
export interface ConcurrencyControllerOptions {
  /** The client's pacer (its `currentTps`, and `waiting` when it reports it). */
  pacer: RequestPacer;
  /** A fixed concurrency (no adaptation), or `'auto'`. */
  concurrency: number | 'auto';
  /**
   * Upper bound of automatic concurrency. Default {@link defaultMaxConcurrency} of the pacer's current
   * rate (at least 32, and enough for 2 s of latency at that rate), read as the rate changes.
   */
  max?: number;
  /** The latency assumed before any is observed, in milliseconds. Default 500. */
  assumedLatencyMs?: number;
}

/** The concurrency in use, and the hook that adapts it. */
export interface ConcurrencyController {
  /** Rows to work on at once now. */
  current(): number;
  /** Tells the controller that a request to the platform finished. */
  onRequestFinished(): void;
}

/** The starting concurrency for a pacer at `tps` requests per second: `ceil(tps × latency) + 1`, within [1, max]. */
export function initialConcurrency(tps: number, max: number, assumedLatencyMs = 500): number {
  if (!Number.isFinite(tps)) return max;
  return clamp(Math.ceil((tps * assumedLatencyMs) / 1000) + 1, 1, max);
}

/** Latency the default ceiling of automatic concurrency covers at the pacer's rate, in milliseconds. */
const COVERED_LATENCY_MS = 2_000;

/**
 * The default upper bound of automatic concurrency at `tps`: `max(32, ceil(tps × 2 s))`. A fixed 32
 * would cap the rate at `32 / latency` (about 260/s at 120 ms), below a fast account's limit; scaling
 * with the rate keeps the pacer busy up to 2 s of latency. An unpaced client (infinite rate) gets 32.
 */
export function defaultMaxConcurrency(tps: number): number {
  if (!Number.isFinite(tps)) return 32;
  return Math.max(32, Math.ceil((tps * COVERED_LATENCY_MS) / 1000));
}

/** Creates a {@link ConcurrencyController}. */
export function createConcurrencyController(options: ConcurrencyControllerOptions): ConcurrencyController {
  const { pacer } = options;
  if (options.concurrency !== 'auto') {
    const fixed = options.concurrency;
    if (!(Number.isInteger(fixed) && fixed >= 1)) {
      throw new RangeError(`concurrency must be an integer >= 1 or 'auto', got ${fixed}`);
    }
    return { current: () => fixed, onRequestFinished: () => {} };
  }
  const fixedMax = options.max;
  if (fixedMax !== undefined && !(Number.isInteger(fixedMax) && fixedMax >= 1))
    throw new RangeError(`maxConcurrency must be an integer >= 1, got ${fixedMax}`);
  const maxNow = () => fixedMax ?? defaultMaxConcurrency(pacer.currentTps);
  let value = initialConcurrency(pacer.currentTps, maxNow(), options.assumedLatencyMs);
  const queueOf = (p: RequestPacer) => (p as { waiting?: unknown }).waiting;
  return {
    current: () => value,
    onRequestFinished() {
      const waiting = queueOf(pacer);
      if (typeof waiting !== 'number') return;
      const tps = pacer.currentTps;
      const max = maxNow();
      // More than a second's worth of rows waiting for a token: they gain nothing by being in flight.
      const longQueue = Number.isFinite(tps) ? Math.max(2, Math.ceil(tps)) : max;
      if (waiting === 0) value = Math.min(max, value + 1);
      else if (waiting > longQueue) value = Math.max(1, value - 1);
      // The pacer's rate fell (a 429, a lower announced limit): so does the ceiling.
      value = Math.min(value, max);
    },
  };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}
