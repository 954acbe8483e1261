import { describe, expect, it } from 'vitest';
import { createTokenBucketPacer } from '../../src/transport/token-bucket.js';
import { createFakeClock } from './fake-clock.js';

/** Starts `n` acquirers and records the clock time at which each was let through. */
function acquireMany(pacer: ReturnType<typeof createTokenBucketPacer>, n: number, now: () => number) {
  const grants: number[] = [];
  const done = Array.from({ length: n }, () => pacer.acquire().then(() => grants.push(now())));
  return { grants, done: Promise.all(done) };
}

describe('createTokenBucketPacer', () => {
  it('starts at 2 requests per second by default, evenly spaced', async () => {
    const clock = createFakeClock();
    const pacer = createTokenBucketPacer({ now: clock.now, sleep: clock.sleep, windowMarginMs: 0 });
    expect(pacer.currentTps).toBe(2);
    const { grants, done } = acquireMany(pacer, 5, clock.now);
    await clock.advance(5_000);
    await done;
    expect(grants).toEqual([0, 500, 1000, 1500, 2000]);
  });

  it('serves concurrent acquirers one token each, first come first served', async () => {
    const clock = createFakeClock();
    const pacer = createTokenBucketPacer({ tps: 10, now: clock.now, sleep: clock.sleep });
    const order: number[] = [];
    const all = [0, 1, 2, 3].map((i) => pacer.acquire().then(() => order.push(i)));
    await clock.advance(1_000);
    await Promise.all(all);
    expect(order).toEqual([0, 1, 2, 3]);
    expect(pacer.granted).toBe(4);
  });

  it('never lets more than the rate through in any one-second window', async () => {
    const clock = createFakeClock();
    const pacer = createTokenBucketPacer({ tps: 20, now: clock.now, sleep: clock.sleep });
    const { grants, done } = acquireMany(pacer, 100, clock.now);
    await clock.advance(10_000);
    await done;
    for (const start of grants) {
      expect(grants.filter((g) => g >= start && g < start + 1005).length).toBeLessThanOrEqual(20);
    }
    // The 5 ms window margin costs at most 0.5% of the rate.
    expect(grants.at(-1)).toBeLessThanOrEqual(99 * 50 * 1.005 + 1);
  });

  it('credits a timer that fires late, so a busy event loop does not lower the rate', async () => {
    const clock = createFakeClock();
    const lateSleep = (ms: number, signal?: AbortSignal) => clock.sleep(ms + 10, signal);
    const pacer = createTokenBucketPacer({ tps: 20, now: clock.now, sleep: lateSleep, windowMarginMs: 0 });
    const { grants, done } = acquireMany(pacer, 100, clock.now);
    await clock.advance(10_000);
    await done;
    // Every wake-up is 10 ms late, yet the requests keep close to the 50 ms schedule (without the
    // credit they would be 60 ms apart: 5,940 ms). The window guard passes on 10 ms per second.
    expect(grants.at(-1)).toBeLessThan(99 * 50 + 10 + 5 * 10 + 1);
    for (const start of grants) {
      expect(grants.filter((g) => g >= start && g < start + 1000).length).toBeLessThanOrEqual(20);
    }
  });

  it('does not burst after an idle period when burst is 1', async () => {
    const clock = createFakeClock();
    const pacer = createTokenBucketPacer({ tps: 10, now: clock.now, sleep: clock.sleep, windowMarginMs: 0 });
    await clock.advance(5_000);
    const { grants, done } = acquireMany(pacer, 3, clock.now);
    await clock.advance(1_000);
    await done;
    expect(grants).toEqual([5000, 5100, 5200]);
  });

  it('lets a burst through after an idle period when burst > 1', async () => {
    const clock = createFakeClock();
    const pacer = createTokenBucketPacer({ tps: 4, burst: 4, now: clock.now, sleep: clock.sleep });
    await clock.advance(2_000);
    const { grants, done } = acquireMany(pacer, 4, clock.now);
    await clock.advance(0);
    await done;
    expect(grants).toEqual([2000, 2000, 2000, 2000]);
  });

  it('follows the limit the platform announces (X-Rate-Limit-TPS)', async () => {
    const clock = createFakeClock();
    const pacer = createTokenBucketPacer({ now: clock.now, sleep: clock.sleep });
    pacer.onLimitAnnounced(20);
    expect(pacer.currentTps).toBe(20);
    expect(pacer.ceilingTps).toBe(20);
    pacer.onLimitAnnounced(5);
    expect(pacer.currentTps).toBe(5);
  });

  it('applies share and maxTps to the announced limit, for splitting it across processes', () => {
    const shared = createTokenBucketPacer({ share: 0.25 });
    shared.onLimitAnnounced(20);
    expect(shared.currentTps).toBe(5);
    const capped = createTokenBucketPacer({ maxTps: 3 });
    capped.onLimitAnnounced(20);
    expect(capped.currentTps).toBe(3);
  });

  it('ignores the announced limit when followAnnouncedLimit is false', () => {
    const pacer = createTokenBucketPacer({ tps: 4, followAnnouncedLimit: false });
    pacer.onLimitAnnounced(50);
    expect(pacer.currentTps).toBe(4);
  });

  it('cuts the rate by 30% on a 429 by default', () => {
    const pacer = createTokenBucketPacer({ tps: 10 });
    pacer.onRateLimited();
    expect(pacer.currentTps).toBeCloseTo(7, 9);
  });

  it('catches up after the event loop stalled, without exceeding the rate in any window', async () => {
    const clock = createFakeClock();
    let stalls = 0;
    // Every 10th wake-up comes 200 ms late, as if the process were busy elsewhere.
    const stallingSleep = (ms: number, signal?: AbortSignal) =>
      clock.sleep(ms + (++stalls % 10 === 0 ? 200 : 0), signal);
    const pacer = createTokenBucketPacer({
      tps: 20,
      now: clock.now,
      sleep: stallingSleep,
      windowMarginMs: 0,
    });
    const { grants, done } = acquireMany(pacer, 200, clock.now);
    await clock.advance(20_000);
    await done;
    for (const start of grants) {
      expect(grants.filter((g) => g >= start && g < start + 1000).length).toBeLessThanOrEqual(20);
    }
    // Without the credit the stalls would cost 19 × 200 ms: the run would end near 13.7 s.
    expect(grants.at(-1)).toBeLessThan(199 * 50 + 1_000);
  });

  it('halves the rate on a 429 and recovers additively on successes, up to the ceiling', () => {
    const clock = createFakeClock();
    const pacer = createTokenBucketPacer({
      tps: 10,
      increaseStep: 1,
      decreaseFactor: 0.5,
      now: clock.now,
      sleep: clock.sleep,
    });
    pacer.onRateLimited();
    expect(pacer.currentTps).toBe(5);
    expect(pacer.rateLimitedCount).toBe(1);
    pacer.onSuccess();
    pacer.onSuccess();
    expect(pacer.currentTps).toBe(7);
    for (let i = 0; i < 10; i++) pacer.onSuccess();
    expect(pacer.currentTps).toBe(10);
  });

  it('cuts the rate once for a cluster of 429s from requests already in flight', async () => {
    const clock = createFakeClock();
    const pacer = createTokenBucketPacer({
      tps: 16,
      decreaseFactor: 0.5,
      now: clock.now,
      sleep: clock.sleep,
    });
    for (let i = 0; i < 5; i++) pacer.onRateLimited();
    expect(pacer.currentTps).toBe(8);
    expect(pacer.rateLimitedCount).toBe(5);
    await clock.advance(1_000);
    pacer.onRateLimited();
    expect(pacer.currentTps).toBe(4);
  });

  it('does not fall below minTps', async () => {
    const clock = createFakeClock();
    const pacer = createTokenBucketPacer({ tps: 1, minTps: 0.5, now: clock.now, sleep: clock.sleep });
    pacer.onRateLimited();
    await clock.advance(1_000);
    pacer.onRateLimited();
    expect(pacer.currentTps).toBe(0.5);
  });

  it('keeps a backed-off rate when the same limit is announced again', () => {
    const clock = createFakeClock();
    const pacer = createTokenBucketPacer({ decreaseFactor: 0.5, now: clock.now, sleep: clock.sleep });
    pacer.onLimitAnnounced(20);
    pacer.onRateLimited();
    pacer.onLimitAnnounced(20);
    expect(pacer.currentTps).toBe(10);
  });

  it('empties the bucket on a 429, so the next request waits at the reduced rate', async () => {
    const clock = createFakeClock();
    const pacer = createTokenBucketPacer({
      tps: 10,
      decreaseFactor: 0.5,
      now: clock.now,
      sleep: clock.sleep,
    });
    await clock.advance(1_000);
    pacer.onRateLimited();
    const { grants, done } = acquireMany(pacer, 1, clock.now);
    await clock.advance(1_000);
    await done;
    expect(grants).toEqual([1200]);
  });

  it('rejects a waiter with the signal reason when aborted, and serves the others', async () => {
    const clock = createFakeClock();
    const pacer = createTokenBucketPacer({ tps: 1, now: clock.now, sleep: clock.sleep });
    await pacer.acquire();
    const controller = new AbortController();
    const aborted = pacer.acquire(controller.signal);
    const other = pacer.acquire();
    expect(pacer.waiting).toBe(2);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(pacer.waiting).toBe(1);
    await clock.advance(1_005);
    await other;
    expect(pacer.granted).toBe(2);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const pacer = createTokenBucketPacer();
    await expect(pacer.acquire(AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });

  it('leaves no timer behind once every waiter has aborted', async () => {
    const clock = createFakeClock();
    const pacer = createTokenBucketPacer({ tps: 1, now: clock.now, sleep: clock.sleep });
    await pacer.acquire();
    const controller = new AbortController();
    const waiting = pacer.acquire(controller.signal);
    await clock.advance(10);
    expect(clock.pending).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toBeDefined();
    await clock.advance(0);
    expect(clock.pending).toBe(0);
  });

  it('rejects options out of range', () => {
    expect(() => createTokenBucketPacer({ tps: 0 })).toThrow(RangeError);
    expect(() => createTokenBucketPacer({ share: 1.5 })).toThrow(RangeError);
    expect(() => createTokenBucketPacer({ decreaseFactor: 1 })).toThrow(RangeError);
  });

  it('paces real time with the default clock', async () => {
    const pacer = createTokenBucketPacer({ tps: 1000 });
    await Promise.all(Array.from({ length: 5 }, () => pacer.acquire()));
    expect(pacer.granted).toBe(5);
  });
});
