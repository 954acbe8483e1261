/**
 * Progress arithmetic of a bulk run: counts per status, a recent-window rate and the ETA, and a
 * throttle for `onProgress`. Pure apart from the injected clock.
 *
 * @module
 */
import type { BulkRowStatus } from './types.js';

/** Counts of finished rows per status. */
export interface StatusCounts {
  created: number;
  recovered: number;
  skipped: number;
  failed: number;
}

/** One point of the rate window: how many rows were done at time `at` (ms). */
interface Sample {
  at: number;
  done: number;
}

/**
 * Rows per second over about the last `windowMs`: from the oldest kept sample (the last one at or
 * before the window's start), or from the start of the run while it is younger than the window.
 */
export function windowRate(
  samples: readonly Sample[],
  now: number,
  done: number,
  startedAt: number,
  windowMs: number,
): number {
  const base = now - startedAt <= windowMs || samples.length === 0 ? { at: startedAt, done: 0 } : samples[0]!;
  const elapsed = now - base.at;
  if (elapsed <= 0) return 0;
  return ((done - base.done) * 1000) / elapsed;
}

/** Milliseconds left for `remaining` rows at `rowsPerSecond`; `undefined` when it cannot be told. */
export function estimateEtaMs(remaining: number | undefined, rowsPerSecond: number): number | undefined {
  if (remaining === undefined || remaining < 0) return undefined;
  if (remaining === 0) return 0;
  if (!(rowsPerSecond > 0)) return undefined;
  return Math.round((remaining / rowsPerSecond) * 1000);
}

/** Options of {@link createProgressTracker}. */
export interface ProgressTrackerOptions {
  /** Rows in the input, when known. */
  total: number | undefined;
  /** The clock, in milliseconds. */
  now: () => number;
  /** The window of the recent rate, in milliseconds. Default 10 000. */
  windowMs?: number;
}

/** Tracks counts and the rate of a run. */
export interface ProgressTracker {
  /** Counts so far. */
  readonly counts: Readonly<StatusCounts>;
  /** Rows finished so far. */
  readonly done: number;
  /** When the run started (clock ms). */
  readonly startedAt: number;
  /** Records one finished row. */
  record(status: BulkRowStatus): void;
  /** The recent rate, rows per second. */
  rowsPerSecond(): number;
  /** The ETA in milliseconds, when the total is known. */
  etaMs(): number | undefined;
}

/** Creates a {@link ProgressTracker}; the run starts now. */
export function createProgressTracker(options: ProgressTrackerOptions): ProgressTracker {
  const windowMs = options.windowMs ?? 10_000;
  const startedAt = options.now();
  const counts: StatusCounts = { created: 0, recovered: 0, skipped: 0, failed: 0 };
  let done = 0;
  // At most one sample per 100 ms, and only the last window of them: bounded memory.
  const samples: Sample[] = [];
  const sample = (now: number) => {
    const last = samples.at(-1);
    if (last && now - last.at < 100) last.done = done;
    else samples.push({ at: now, done });
    while (samples.length > 1 && samples[1]!.at < now - windowMs) samples.shift();
  };
  const tracker: ProgressTracker = {
    counts,
    get done() {
      return done;
    },
    startedAt,
    record(status) {
      counts[status]++;
      done++;
      sample(options.now());
    },
    rowsPerSecond() {
      const now = options.now();
      return windowRate(samples, now, done, startedAt, windowMs);
    },
    etaMs() {
      return estimateEtaMs(
        options.total === undefined ? undefined : options.total - done,
        tracker.rowsPerSecond(),
      );
    },
  };
  return tracker;
}

/**
 * Calls `emit` at most once per `intervalMs` (the first call emits at once); `flush` emits now.
 */
export function throttle(
  emit: () => void,
  intervalMs: number,
  now: () => number,
): { tick(): void; flush(): void } {
  let last = Number.NEGATIVE_INFINITY;
  return {
    tick() {
      const t = now();
      if (t - last < intervalMs) return;
      last = t;
      emit();
    },
    flush() {
      last = now();
      emit();
    },
  };
}
