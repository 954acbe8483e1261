/**
 * The platform's per-account rate limit: fixed one-second windows on the simulator clock.
 *
 * @module
 */

/** Counts requests per account and second; refused requests do not consume the budget. */
export class FixedWindowRateLimiter {
  readonly #windows = new Map<string, { second: number; count: number }>();

  /** Whether `accountId` may send one more request at `nowMs` under `tps` (0 = no limit); counts it when so. */
  tryAcquire(accountId: string, tps: number, nowMs: number): boolean {
    if (tps <= 0) return true;
    const second = Math.floor(nowMs / 1000);
    const window = this.#windows.get(accountId);
    if (!window || window.second !== second) {
      this.#windows.set(accountId, { second, count: 1 });
      return true;
    }
    if (window.count >= tps) return false;
    window.count++;
    return true;
  }
}
