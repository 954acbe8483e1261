/**
 * A manual clock for pacing tests: `sleep` registers a timer, `advance` moves time forward and
 * fires due timers in order, letting promise callbacks run between them.
 */
export interface FakeClock {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Moves the clock forward by `ms`, firing due timers in order. */
  advance: (ms: number) => Promise<void>;
  /** How many timers are pending. */
  readonly pending: number;
}

interface Timer {
  at: number;
  fire: () => void;
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** Creates a {@link FakeClock} starting at `start` milliseconds. */
export function createFakeClock(start = 0): FakeClock {
  let t = start;
  let timers: Timer[] = [];
  return {
    now: () => t,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const timer: Timer = {
          at: t + Math.max(0, ms),
          fire: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          timers = timers.filter((x) => x !== timer);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        timers.push(timer);
      });
    },
    async advance(ms) {
      const end = t + ms;
      await flushMicrotasks();
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        t = next.at;
        next.fire();
        await flushMicrotasks();
      }
      t = end;
      await flushMicrotasks();
    },
    get pending() {
      return timers.length;
    },
  };
}
