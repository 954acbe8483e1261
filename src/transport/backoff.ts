/**
 * Backoff arithmetic for safe retries: exponential growth with *full jitter* (a uniformly random
 * wait between 0 and the exponential cap), and `Retry-After` parsing. Pure functions, shared by the
 * transport and the bulk engine.
 *
 * @module
 */

/** Bounds of the exponential backoff. */
export interface BackoffBounds {
  /** The cap before the first retry, in milliseconds. */
  minDelayMs: number;
  /** No wait exceeds this, in milliseconds. */
  maxDelayMs: number;
}

/**
 * How long to wait before retry number `attempt` (0 for the first retry): a uniformly random value
 * in `[0, min(maxDelayMs, minDelayMs * 2^attempt))`. Full jitter spreads retrying clients apart so
 * that they do not hit the rate limit again in lock-step.
 *
 * @param random A source of numbers in `[0, 1)`; inject one in tests.
 */
export function fullJitterBackoff(
  attempt: number,
  bounds: BackoffBounds,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(attempt, 30));
  const cap = Math.min(bounds.maxDelayMs, bounds.minDelayMs * 2 ** exponent);
  return Math.floor(random() * Math.max(0, cap));
}

/**
 * A `Retry-After` header value in milliseconds: either delay-seconds (`"2"`, `"0.5"`) or an HTTP
 * date. `undefined` when absent or unreadable; never negative.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * The wait before retry number `attempt`: the platform's `Retry-After` when it gave one (capped at
 * `maxRetryAfterMs`), otherwise {@link fullJitterBackoff}.
 */
export function retryDelayMs(
  attempt: number,
  bounds: BackoffBounds & { maxRetryAfterMs: number },
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, bounds.maxRetryAfterMs);
  return fullJitterBackoff(attempt, bounds, random);
}
