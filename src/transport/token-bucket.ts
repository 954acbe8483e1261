/**
 * The default {@link RequestPacer}: a token bucket at the account's rate limit, shared by every
 * call of one client, that adapts to what the platform says (AIMD).
 *
 * - It starts at `tps` (default 2, the platform's default per-account limit).
 * - When the platform announces its configured limit (`X-Rate-Limit-TPS`), that limit (times
 *   `share`, capped by `maxTps`) becomes the ceiling, and the rate follows it.
 * - On a 429 the rate is multiplied by `decreaseFactor` (default 0.7) and the bucket is emptied;
 *   every later answer without a 429 adds `increaseStep` (default 10% of the ceiling) back, up to
 *   the ceiling. 429s closer together than `decreaseCooldownMs` cut the rate once.
 *
 * The bucket is kept in its GCRA form (a "theoretical arrival time" advanced by one interval per
 * request). When the pacer itself is late — a busy event loop fired its timer late — the lateness
 * (up to 1 s) is credited: the next requests are due on the original schedule, so a loaded process
 * does not lose rate. On top of that, a sliding-window guard never lets more than `floor(rate)`
 * requests out in any `1 s + windowMarginMs`, which is what a per-second limit on the platform counts.
 *
 * Waiters are served first come, first served; an aborted waiter leaves the queue at once.
 *
 * @module
 */
import type { RequestPacer } from './pacer.js';

/** Options of {@link createTokenBucketPacer}. */
export interface TokenBucketPacerOptions {
  /**
   * Requests per second to start with, and the ceiling until the platform announces its limit.
   * Default 2 (SFT's default per-account limit).
   */
  tps?: number;
  /**
   * A hard ceiling, in requests per second, never exceeded even when the platform announces more.
   * Use it to give one process a fixed part of the account's budget. Default: no cap.
   */
  maxTps?: number;
  /**
   * The fraction of the announced limit (`X-Rate-Limit-TPS`) this pacer may use, in (0, 1].
   * The limit is per account and shared by all of its users and processes: with N processes
   * on one account, give each `share: 1 / N`. Default 1.
   */
  share?: number;
  /** Whether to follow `X-Rate-Limit-TPS` at all. Default true. */
  followAnnouncedLimit?: boolean;
  /**
   * How many requests may go out back to back after an idle period. Default 1: requests are
   * evenly spaced, which keeps every one-second window at or under the limit.
   */
  burst?: number;
  /** Multiplier applied to the rate on each 429, in (0, 1). Default 0.7. */
  decreaseFactor?: number;
  /** Requests per second added back after each answer without a 429. Default: 10% of the ceiling (back to the ceiling about 3 answers after a 429). */
  increaseStep?: number;
  /**
   * 429s closer together than this (milliseconds) count as one congestion event and cut the rate
   * once: requests already in flight when the first 429 came back would otherwise divide the rate
   * again and again. Default 1000 (the platform counts per second).
   */
  decreaseCooldownMs?: number;
  /** The rate never drops below this, in requests per second. Default 0.1. */
  minTps?: number;
  /**
   * Slack added to the one-second window of the sliding-window guard, in milliseconds, to absorb
   * jitter between our clock and the platform's arrival times. Default 5 (costs 0.5% of the rate).
   */
  windowMarginMs?: number;
  /** The clock, in milliseconds (injectable for tests). Default `performance.now()`. */
  now?: () => number;
  /**
   * Waits `ms` milliseconds; rejects when `signal` aborts (injectable for tests).
   * Default: a `setTimeout` based sleep.
   */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The token-bucket pacer, with counters a bulk run reports in its summary. */
export interface TokenBucketPacer extends RequestPacer {
  /** The rate the pacer will not exceed now (announced limit × share, or `tps`, capped by `maxTps`). */
  readonly ceilingTps: number;
  /** How many requests the pacer let through so far. */
  readonly granted: number;
  /** How many 429 answers were reported so far. */
  readonly rateLimitedCount: number;
  /** How many callers are waiting for a token now. */
  readonly waiting: number;
}

interface Waiter {
  /** When it started waiting (clock ms). */
  since: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * Creates a token-bucket {@link RequestPacer} (see the module comment for the algorithm). Share one
 * pacer between every client of one SFT account in a process; across processes, split the limit
 * with `share` or `maxTps`.
 *
 * @throws RangeError when an option is out of range.
 */
export function createTokenBucketPacer(options: TokenBucketPacerOptions = {}): TokenBucketPacer {
  const startTps = options.tps ?? 2;
  const cap = options.maxTps ?? Number.POSITIVE_INFINITY;
  const share = options.share ?? 1;
  const follow = options.followAnnouncedLimit ?? true;
  const burst = options.burst ?? 1;
  const decreaseFactor = options.decreaseFactor ?? 0.7;
  const minTps = options.minTps ?? 0.1;
  const now = options.now ?? (() => performance.now());
  const sleep = options.sleep ?? defaultSleep;
  const decreaseCooldownMs = options.decreaseCooldownMs ?? 1000;
  const windowMs = 1000 + (options.windowMarginMs ?? 5);
  if (!(windowMs >= 1000)) throw new RangeError(`windowMarginMs must be >= 0, got ${options.windowMarginMs}`);
  assertPositive('tps', startTps);
  assertPositive('maxTps', cap);
  assertPositive('burst', burst);
  assertPositive('minTps', minTps);
  if (!(share > 0 && share <= 1)) throw new RangeError(`share must be in (0, 1], got ${share}`);
  if (!(decreaseFactor > 0 && decreaseFactor < 1)) {
    throw new RangeError(`decreaseFactor must be in (0, 1), got ${decreaseFactor}`);
  }
  if (options.increaseStep !== undefined) assertPositive('increaseStep', options.increaseStep);

  let ceiling = Math.max(minTps, Math.min(startTps, cap));
  let rate = ceiling;
  let announced: number | undefined;
  /** When the next request is due (GCRA's theoretical arrival time), clock ms. */
  let due = now();
  /** Grant times of the last `windowLimit()` requests, ascending (for the sliding-window guard). */
  const recent: number[] = [];
  let granted = 0;
  let rateLimitedCount = 0;
  let lastDecreaseAt = Number.NEGATIVE_INFINITY;
  const queue: Waiter[] = [];
  let pumping = false;
  let pumpSleep: AbortController | undefined;

  const increaseStep = () => options.increaseStep ?? ceiling * 0.1;
  const interval = () => 1000 / rate;
  /** Requests allowed in one guard window; above MAX_GUARDED the guard is off (not a real SFT rate). */
  const windowLimit = () => Math.max(1, Math.floor((rate * windowMs) / 1000 + 1e-9));

  /** The earliest time the next request may go out. */
  function nextAt(t: number): number {
    let at = due - (burst - 1) * interval();
    const limit = windowLimit();
    if (limit <= MAX_GUARDED) {
      while (recent.length > 0 && recent[0]! <= t - windowMs) recent.shift();
      if (recent.length >= limit) at = Math.max(at, recent[recent.length - limit]! + windowMs);
    }
    return at;
  }

  /**
   * Lets one request out at `t`. It could have gone at `slot` (when its turn came, or when it
   * arrived if later); a pacer that is late — a busy event loop fired its timer late — gets that
   * lateness back, up to {@link LAG_CREDIT_MS}, so the next requests are due on the original
   * schedule (the sliding-window guard still caps every window). After idleness nothing is credited.
   */
  function grant(t: number, slot: number): void {
    const from = Math.max(slot, t - LAG_CREDIT_MS);
    due = Math.max(due, from) + interval();
    recent.push(t);
    if (recent.length > MAX_GUARDED) recent.shift();
    granted++;
  }

  function removeWaiter(waiter: Waiter): void {
    if (waiter.onAbort) waiter.signal?.removeEventListener('abort', waiter.onAbort);
  }

  async function pump(): Promise<void> {
    if (pumping) return;
    pumping = true;
    try {
      while (queue.length > 0) {
        const t = now();
        const at = nextAt(t);
        if (t >= at) {
          const waiter = queue.shift()!;
          grant(t, Math.max(at, waiter.since));
          removeWaiter(waiter);
          waiter.resolve();
          continue;
        }
        const waitMs = at - t;
        pumpSleep = new AbortController();
        try {
          await sleep(waitMs, pumpSleep.signal);
        } catch {
          // Woken early: every waiter left, or the rate changed; loop and look again.
        }
        pumpSleep = undefined;
      }
    } finally {
      pumping = false;
    }
  }

  function wakePump(): void {
    pumpSleep?.abort();
  }

  return {
    acquire(signal?: AbortSignal): Promise<void> {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = { since: now(), resolve, reject, signal, onAbort: undefined };
        if (signal) {
          waiter.onAbort = () => {
            const i = queue.indexOf(waiter);
            if (i >= 0) queue.splice(i, 1);
            if (queue.length === 0) wakePump();
            reject(signal.reason);
          };
          signal.addEventListener('abort', waiter.onAbort, { once: true });
        }
        queue.push(waiter);
        void pump();
      });
    },
    onLimitAnnounced(tps: number): void {
      if (!follow || !Number.isFinite(tps) || tps <= 0) return;
      const newCeiling = Math.max(minTps, Math.min(tps * share, cap));
      const changed = tps !== announced;
      announced = tps;
      if (!changed && newCeiling === ceiling) {
        if (rate > ceiling) rate = ceiling;
        return;
      }
      const backingOff = rate < ceiling;
      ceiling = newCeiling;
      rate = backingOff ? Math.min(rate, ceiling) : ceiling;
      wakePump();
    },
    onRateLimited(): void {
      rateLimitedCount++;
      const t = now();
      if (t - lastDecreaseAt >= decreaseCooldownMs) {
        lastDecreaseAt = t;
        rate = Math.max(minTps, rate * decreaseFactor);
      }
      // Empty the bucket: the next request waits one full (new) interval.
      due = Math.max(due, t + interval());
      wakePump();
    },
    onSuccess(): void {
      if (rate >= ceiling) return;
      rate = Math.min(ceiling, rate + increaseStep());
    },
    get currentTps() {
      return rate;
    },
    get ceilingTps() {
      return ceiling;
    },
    get granted() {
      return granted;
    },
    get rateLimitedCount() {
      return rateLimitedCount;
    },
    get waiting() {
      return queue.length;
    },
  };
}

/** The most lateness (ms) a late pacer gets back; see `grant`. */
const LAG_CREDIT_MS = 1000;

/** Above this many requests per window the sliding-window guard is off (no SFT account is that fast). */
const MAX_GUARDED = 1000;

function assertPositive(name: string, value: number): void {
  if (!(value > 0)) throw new RangeError(`${name} must be a positive number, got ${value}`);
}

function defaultSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
