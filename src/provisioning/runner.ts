/**
 * A generic bounded, ordered runner: items stream in, at most `concurrency` are worked on at once,
 * and results come out in input order as an async iterator. Memory is bounded by `maxPending`
 * (items in flight plus results waiting to be read), never by the size of the input.
 *
 * Used by `createBulkEndpoints` and reusable for any bulk workflow (e.g. activation by tag).
 *
 * @module
 */

/** Options of {@link runOrdered}. */
export interface OrderedRunOptions<T, R> {
  /** The items, consumed lazily, one `next()` at a time. */
  source: Iterable<T> | AsyncIterable<T>;
  /**
   * Works on one item. Should not throw: turn failures into result values. A thrown error stops
   * the run (no new items are taken, in-flight items finish) and is rethrown by the iterator.
   */
  worker: (item: T, index: number) => Promise<R>;
  /**
   * Items worked on at once: a number, or a function read before each new item is started (so the
   * caller may resize it while the run goes).
   */
  concurrency: number | (() => number);
  /**
   * At most this many items are in flight or finished but not yet read. When the reader is slow
   * (or one early item is slow), no new item is taken. Default: 4 × concurrency, at least 16.
   */
  maxPending?: number;
  /**
   * Stops taking new items when aborted. Items already in flight finish and their results are
   * still yielded; then the iterator ends normally (check `signal.aborted` to tell).
   */
  signal?: AbortSignal;
}

/** The iterator returned by {@link runOrdered}. */
export interface OrderedRun<R> extends AsyncIterableIterator<R> {
  /** How many items are being worked on now. */
  readonly inFlight: number;
  /** How many items were taken from the source so far. */
  readonly started: number;
  /**
   * Stops taking new items (like aborting `signal`). In-flight items finish; their results are
   * still yielded. Calling `return()` on the iterator does this too, then waits for them.
   */
  stop(): void;
  /** Stops taking new items and resolves once the items in flight have finished (their results are dropped). */
  return(): Promise<IteratorResult<R>>;
}

/**
 * Runs `worker` over `source` with bounded concurrency and yields the results in input order.
 * Pulling from the source and starting work happen only while the reader keeps up (backpressure).
 */
export function runOrdered<T, R>(options: OrderedRunOptions<T, R>): OrderedRun<R> {
  const { worker, signal } = options;
  const concurrency =
    typeof options.concurrency === 'function' ? options.concurrency : constant(options.concurrency);
  const maxPending = () => options.maxPending ?? Math.max(16, 4 * Math.max(1, concurrency()));
  const source = toAsyncIterator(options.source);

  const finished = new Map<number, R>();
  let taken = 0;
  let emitted = 0;
  let inFlight = 0;
  let sourceDone = false;
  let stopped = false;
  let pulling = false;
  let failure: { error: unknown } | undefined;
  let sourceClosed = false;
  let discarding = false;
  let waiters: (() => void)[] = [];

  const notify = () => {
    const woken = waiters;
    waiters = [];
    for (const w of woken) w();
  };
  const changed = () =>
    new Promise<void>((resolve) => {
      waiters.push(resolve);
    });

  const stop = () => {
    if (stopped) return;
    stopped = true;
    notify();
    void closeSource();
  };

  async function closeSource(): Promise<void> {
    if (sourceClosed || pulling || sourceDone) return;
    sourceClosed = true;
    try {
      await source.return?.();
    } catch {
      // The source failed to close; nothing more will be read from it anyway.
    }
  }

  if (signal?.aborted) stop();
  else signal?.addEventListener('abort', stop, { once: true });

  const canTake = () =>
    !stopped && !sourceDone && inFlight < Math.max(1, concurrency()) && taken - emitted < maxPending();

  async function pump(): Promise<void> {
    if (pulling) return;
    while (canTake()) {
      pulling = true;
      let step: IteratorResult<T>;
      try {
        step = await source.next();
      } catch (error) {
        failure ??= { error };
        sourceDone = true;
        break;
      } finally {
        pulling = false;
      }
      if (step.done) {
        sourceDone = true;
        break;
      }
      if (stopped) break;
      const index = taken++;
      inFlight++;
      worker(step.value, index).then(
        (result) => {
          if (!discarding) finished.set(index, result);
          inFlight--;
          notify();
          void pump();
        },
        (error: unknown) => {
          failure ??= { error };
          inFlight--;
          stop();
          notify();
        },
      );
    }
    if (stopped) void closeSource();
    notify();
  }

  const isOver = () => (sourceDone || stopped) && inFlight === 0 && !pulling && !finished.has(emitted);

  async function next(): Promise<IteratorResult<R>> {
    void pump();
    for (;;) {
      if (finished.has(emitted)) {
        const value = finished.get(emitted) as R;
        finished.delete(emitted);
        emitted++;
        void pump();
        return { done: false, value };
      }
      if (isOver()) {
        if (failure) {
          const { error } = failure;
          failure = undefined;
          throw error;
        }
        return { done: true, value: undefined };
      }
      await changed();
    }
  }

  const run: OrderedRun<R> = {
    next,
    async return(): Promise<IteratorResult<R>> {
      stop();
      discarding = true;
      finished.clear();
      // Let in-flight items finish so that their side effects are complete when `return` resolves.
      while (inFlight > 0 || pulling) await changed();
      emitted = taken;
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return run;
    },
    get inFlight() {
      return inFlight;
    },
    get started() {
      return taken;
    },
    stop,
  };
  return run;
}

function constant(n: number): () => number {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`concurrency must be an integer >= 1, got ${n}`);
  return () => n;
}

function toAsyncIterator<T>(source: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in source) return source[Symbol.asyncIterator]();
  const it = (source as Iterable<T>)[Symbol.iterator]();
  return {
    next: async () => it.next(),
    return: async (value?: unknown) => it.return?.(value) ?? { done: true, value: undefined },
  };
}
