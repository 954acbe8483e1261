import { describe, expect, it } from 'vitest';
import { runOrdered } from '../../src/provisioning/runner.js';

/** A promise with its resolve function exposed. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

async function collect<R>(it: AsyncIterable<R>): Promise<R[]> {
  const out: R[] = [];
  for await (const r of it) out.push(r);
  return out;
}

describe('runOrdered', () => {
  it('yields results in input order even when later items finish first', async () => {
    const gates = [deferred(), deferred(), deferred()];
    const run = runOrdered({
      source: [0, 1, 2],
      concurrency: 3,
      worker: async (item) => {
        await gates[item]!.promise;
        return item * 10;
      },
    });
    const results = collect(run);
    gates[2]!.resolve();
    gates[1]!.resolve();
    gates[0]!.resolve();
    expect(await results).toEqual([0, 10, 20]);
  });

  it('never works on more than `concurrency` items at once', async () => {
    let active = 0;
    let peak = 0;
    const run = runOrdered({
      source: Array.from({ length: 50 }, (_, i) => i),
      concurrency: 4,
      worker: async (i) => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setImmediate(r));
        active--;
        return i;
      },
    });
    expect((await collect(run)).length).toBe(50);
    expect(peak).toBe(4);
  });

  it('reads the concurrency function again before each new item', async () => {
    let limit = 1;
    let active = 0;
    const peaks: number[] = [];
    const run = runOrdered({
      source: Array.from({ length: 20 }, (_, i) => i),
      concurrency: () => limit,
      worker: async (i) => {
        active++;
        peaks.push(active);
        if (i === 5) limit = 3;
        await new Promise((r) => setImmediate(r));
        active--;
        return i;
      },
    });
    await collect(run);
    expect(Math.max(...peaks.slice(0, 6))).toBe(1);
    expect(Math.max(...peaks)).toBe(3);
  });

  it('consumes an async source lazily: memory is bounded by maxPending, not by input size', async () => {
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 1_000_000; i++) {
        pulled++;
        yield i;
      }
    }
    const run = runOrdered({ source: source(), concurrency: 2, maxPending: 8, worker: async (i) => i });
    const first = await run.next();
    expect(first.value).toBe(0);
    expect(pulled).toBeLessThanOrEqual(9);
    await run.return();
    expect(pulled).toBeLessThanOrEqual(10);
  });

  it('stops taking items while the reader is behind (backpressure)', async () => {
    let started = 0;
    const run = runOrdered({
      source: Array.from({ length: 100 }, (_, i) => i),
      concurrency: 4,
      maxPending: 10,
      worker: async (i) => {
        started++;
        return i;
      },
    });
    await run.next();
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    expect(started).toBeLessThanOrEqual(11);
    expect((await collect(run)).length).toBe(99);
  });

  it('stops taking items on abort, finishes those in flight and yields their results', async () => {
    const controller = new AbortController();
    const gate = deferred();
    const run = runOrdered({
      source: Array.from({ length: 100 }, (_, i) => i),
      concurrency: 3,
      signal: controller.signal,
      worker: async (i) => {
        await gate.promise;
        return i;
      },
    });
    const results = collect(run);
    await new Promise((r) => setImmediate(r));
    controller.abort();
    gate.resolve();
    expect(await results).toEqual([0, 1, 2]);
    expect(run.started).toBe(3);
  });

  it('waits for in-flight items when the reader breaks out of the loop', async () => {
    let finished = 0;
    const run = runOrdered({
      source: Array.from({ length: 100 }, (_, i) => i),
      concurrency: 5,
      worker: async (i) => {
        await new Promise((r) => setTimeout(r, i === 0 ? 0 : 5));
        finished++;
        return i;
      },
    });
    for await (const r of run) {
      if (r === 0) break;
    }
    expect(run.inFlight).toBe(0);
    expect(finished).toBe(run.started);
    expect(run.started).toBeLessThan(100);
  });

  it('rethrows a source error after the items in flight finish', async () => {
    async function* source() {
      yield 1;
      yield 2;
      throw new Error('bad input file');
    }
    const seen: number[] = [];
    const run = runOrdered({ source: source(), concurrency: 2, worker: async (i) => i });
    await expect(
      (async () => {
        for await (const r of run) seen.push(r);
      })(),
    ).rejects.toThrow('bad input file');
    expect(seen).toEqual([1, 2]);
  });

  it('rethrows a worker error and takes no new items after it', async () => {
    let started = 0;
    const run = runOrdered({
      source: Array.from({ length: 100 }, (_, i) => i),
      concurrency: 1,
      worker: async (i) => {
        started++;
        if (i === 3) throw new Error('store is gone');
        return i;
      },
    });
    await expect(collect(run)).rejects.toThrow('store is gone');
    expect(started).toBe(4);
  });

  it('ends at once for an empty source and for an already aborted signal', async () => {
    expect(await collect(runOrdered({ source: [], concurrency: 2, worker: async (i) => i }))).toEqual([]);
    const aborted = runOrdered({
      source: [1, 2],
      concurrency: 2,
      signal: AbortSignal.abort(),
      worker: async (i) => i,
    });
    expect(await collect(aborted)).toEqual([]);
  });

  it('rejects a concurrency that is not a positive integer', () => {
    expect(() => runOrdered({ source: [], concurrency: 0, worker: async (i) => i })).toThrow(RangeError);
  });
});
