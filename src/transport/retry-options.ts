/**
 * What the transport retries, and how patiently. One retry layer only: ky's own retries are off.
 *
 * @module
 */

/**
 * Retry policy of the transport (client option `retry`). Only requests that are safe to repeat are
 * retried:
 * - HTTP 429 (any method: the platform refused it, nothing was applied);
 * - a GET that timed out, failed with a 5xx, or lost its connection (reads change nothing);
 * - any request whose connection was refused or whose host did not resolve (it was never sent);
 * - a login that timed out, failed with a 5xx or lost its connection (it changes nothing, so its
 *   failures are `'not-applied'`, never an unknown outcome of the call waiting for the token).
 *
 * A POST/PATCH that may have reached the platform (client timeout, the 10240 answer, a connection
 * dropped after sending, a 5xx) is **never** re-sent: it fails with `outcome: 'unknown'`.
 */
export interface SftRetryOptions {
  /** Retries after the first attempt. Default 4; 0 disables retries. */
  retries?: number;
  /** Backoff cap before the first retry, in milliseconds (full jitter below it). Default 250. */
  minDelayMs?: number;
  /** Longest backoff wait, in milliseconds. Default 10 000. */
  maxDelayMs?: number;
  /** Longest wait a `Retry-After` header may impose, in milliseconds. Default 60 000. */
  maxRetryAfterMs?: number;
}

/** {@link SftRetryOptions} with every field set. */
export type ResolvedRetryOptions = Required<SftRetryOptions>;

/** The defaults of {@link SftRetryOptions}. */
export const DEFAULT_RETRY_OPTIONS: Readonly<ResolvedRetryOptions> = Object.freeze({
  retries: 4,
  minDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
});

/** Fills the gaps of `options` with {@link DEFAULT_RETRY_OPTIONS}. */
export function resolveRetryOptions(options: SftRetryOptions = {}): ResolvedRetryOptions {
  return {
    retries: options.retries ?? DEFAULT_RETRY_OPTIONS.retries,
    minDelayMs: options.minDelayMs ?? DEFAULT_RETRY_OPTIONS.minDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_RETRY_OPTIONS.maxDelayMs,
    maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_RETRY_OPTIONS.maxRetryAfterMs,
  };
}
