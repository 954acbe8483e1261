/**
 * The contract between the transport and a request pacer. The transport calls `acquire()` before
 * every request it sends (so every call of one client shares the account's budget), and reports
 * what the platform said about the rate limit.
 *
 * @module
 */

/** Paces requests to the account's rate limit. Implementations must be safe for concurrent use. */
export interface RequestPacer {
  /** Resolves when one more request may be sent. Rejects with the signal's reason when aborted. */
  acquire(signal?: AbortSignal): Promise<void>;
  /** The platform announced its configured limit (`X-Rate-Limit-TPS`). */
  onLimitAnnounced(tps: number): void;
  /** The platform answered 429 Too Many Requests. */
  onRateLimited(): void;
  /** The platform answered without a 429. */
  onSuccess(): void;
  /** The rate, in requests per second, the pacer currently allows (`Infinity` when unpaced). */
  readonly currentTps: number;
}

/** A pacer that never waits: for tests, or when something else paces the calls. */
export const unpaced: RequestPacer = {
  acquire: async () => {},
  onLimitAnnounced: () => {},
  onRateLimited: () => {},
  onSuccess: () => {},
  currentTps: Number.POSITIVE_INFINITY,
};
