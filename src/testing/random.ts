/**
 * A small seeded pseudo-random generator (mulberry32), so that a simulator run with a given seed
 * makes the same SIMs, faults and latencies every time.
 *
 * @module
 */

/** A seeded source of numbers in [0, 1). */
export interface SeededRandom {
  /** The next number in [0, 1). */
  next(): number;
  /** A log-normal sample with the given median and sigma (sigma 0 returns the median). */
  logNormal(median: number, sigma: number): number;
}

/** Hashes a string to a 32-bit seed (FNV-1a), for deriving independent streams from one seed. */
export function hashSeed(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Creates a generator from a numeric seed. */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    logNormal(median, sigma) {
      if (sigma === 0 || median === 0) return median;
      // Box-Muller; 1 - next() keeps the logarithm's argument in (0, 1].
      const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return median * Math.exp(sigma * z);
    },
  };
}
