import { describe, expect, it } from 'vitest';
import {
  createProgressTracker,
  estimateEtaMs,
  throttle,
  windowRate,
} from '../../src/provisioning/progress.js';

describe('progress arithmetic', () => {
  it('estimates the time left from the remaining rows and the rate', () => {
    expect(estimateEtaMs(100, 20)).toBe(5_000);
    expect(estimateEtaMs(0, 0)).toBe(0);
    expect(estimateEtaMs(10, 0)).toBeUndefined();
    expect(estimateEtaMs(undefined, 5)).toBeUndefined();
  });

  it('measures the rate since the start while the run is younger than the window', () => {
    expect(windowRate([], 2_000, 10, 0, 10_000)).toBe(5);
    expect(windowRate([], 0, 0, 0, 10_000)).toBe(0);
  });

  it('measures the rate over the recent window once the run is older than it', () => {
    let t = 0;
    const tracker = createProgressTracker({ total: 1_000, now: () => t, windowMs: 10_000 });
    // 1 row/s for 20 s, then 10 rows/s for 20 s.
    for (; t < 20_000; t += 1_000) tracker.record('created');
    for (; t < 40_000; t += 100) tracker.record('created');
    expect(tracker.rowsPerSecond()).toBeCloseTo(10, 0);
    expect(tracker.done).toBe(220);
    expect(tracker.etaMs()).toBeGreaterThan(75_000);
    expect(tracker.etaMs()).toBeLessThan(82_000);
  });

  it('counts rows per status', () => {
    const tracker = createProgressTracker({ total: undefined, now: () => 0 });
    for (const s of ['created', 'created', 'recovered', 'skipped', 'failed'] as const) tracker.record(s);
    expect(tracker.counts).toEqual({ created: 2, recovered: 1, skipped: 1, failed: 1 });
    expect(tracker.etaMs()).toBeUndefined();
  });

  it('throttles progress callbacks but always emits on flush', () => {
    let t = 0;
    let calls = 0;
    const ticker = throttle(
      () => calls++,
      1_000,
      () => t,
    );
    ticker.tick();
    t = 500;
    ticker.tick();
    expect(calls).toBe(1);
    t = 1_000;
    ticker.tick();
    ticker.flush();
    expect(calls).toBe(3);
  });
});
