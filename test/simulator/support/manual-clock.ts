/** A clock tests move by hand: the simulator reads it, nobody sleeps. */
export interface ManualClock {
  now: () => number;
  advance(ms: number): void;
}

/** Starts at 2026-01-01T00:00:00.000Z (a second boundary, so rate-limit windows are predictable). */
export function manualClock(start = Date.UTC(2026, 0, 1)): ManualClock {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
    },
  };
}
