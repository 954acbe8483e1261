/**
 * `createBulkEndpoints`: provisions many endpoints at the account's rate limit, exactly once,
 * resumably. See docs/provisioning.md for the full story (pacing, retries, resume, concurrency).
 *
 * @module
 */
import { setMaxListeners } from 'node:events';
import type { SftClient } from '../client.js';
import { SftError, SftValidationError, type SftValidationIssue } from '../errors.js';
import { tagNameSchema } from '../schemas.js';
import { createTokenBucketPacer } from '../transport/token-bucket.js';
import { createConcurrencyController } from './concurrency.js';
import { createProgressTracker, throttle } from './progress.js';
import { type BatchContext, provisionBatch, type ResolvedBulkRetry } from './provision-batch.js';
import { runOrdered } from './runner.js';
import { perRowStrategy } from './strategy.js';
import type { BulkCreateOptions, BulkProgress, BulkResult, BulkRows, BulkSummary } from './types.js';
import { createRowValidator, type RowVerdict } from './validate-rows.js';

/**
 * A running (or ready to run) bulk provisioning. Consume it one of two ways:
 *
 * - `await run` (or `run.then(...)`) resolves with the {@link BulkSummary}; results are not kept
 *   (use `onResult`, or `summary.failures`);
 * - `for await (const result of run)` yields one {@link BulkResult} per row in input order while the
 *   run goes; `await run` afterwards (or meanwhile) gives the summary. Iterate before awaiting.
 *
 * Nothing is read or sent until you do one of these. While iterating, a reader that stops reading
 * pauses the run (results are not piled up); breaking out of the loop stops taking rows and
 * finishes those in flight.
 */
export interface BulkRun extends AsyncIterable<BulkResult>, PromiseLike<BulkSummary> {
  /** The run's journal id (`StoredEndpoint.jobId`). */
  readonly jobId: string;
}

const DEFAULT_RETRY: ResolvedBulkRetry = Object.freeze({
  retries: 5,
  minDelayMs: 500,
  maxDelayMs: 30_000,
  reconcileRetries: 5,
});

/**
 * Creates one Pre-Active endpoint per row, paced to the account's rate limit, never twice.
 *
 * For each row, in a bounded window of rows in flight: validate it (bad rows become `failed`
 * results and are never sent); skip it when the store already holds it as created; journal it as
 * `pending`; send Create Endpoint; record the endpoint id. A create whose outcome is unknown
 * (timeout, dropped connection, 5xx after sending, the 10240 answer) is reconciled by looking the
 * ICCID up before anything else: linked → `recovered`; not linked → sent again with full-jitter
 * backoff. Rerunning the same input resumes: created rows are skipped, pending rows reconciled.
 *
 * Tags are local: they are written to the store (SFT's tag-assignment API is not in the known docs).
 *
 * @throws {@link SftValidationError} (synchronously) for invalid options, e.g. a bad `tag`.
 * @example
 * ```ts
 * const summary = await createBulkEndpoints(client, rows, { tag: 'batch-1', onProgress: console.log });
 * console.log(summary.created, summary.failed);
 * ```
 */
export function createBulkEndpoints(
  client: SftClient,
  rows: BulkRows,
  options: BulkCreateOptions = {},
): BulkRun {
  return new BulkRunImpl(client, rows, options);
}

function checkOptions(options: BulkCreateOptions): string[] {
  const issues: SftValidationIssue[] = [];
  const tags = [...(options.tag === undefined ? [] : [options.tag]), ...(options.tags ?? [])];
  tags.forEach((tag, i) => {
    const parsed = tagNameSchema.safeParse(tag);
    if (!parsed.success)
      issues.push({
        field: i === 0 && options.tag !== undefined ? 'tag' : 'tags',
        message: parsed.error.issues[0]!.message,
      });
  });
  const c = options.concurrency;
  if (c !== undefined && c !== 'auto' && !(Number.isInteger(c) && c >= 1)) {
    issues.push({ field: 'concurrency', message: "must be an integer >= 1 or 'auto'" });
  }
  if (options.maxTps !== undefined && !(options.maxTps > 0))
    issues.push({ field: 'maxTps', message: 'must be > 0' });
  const retries = options.retry?.retries;
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0)) {
    issues.push({ field: 'retry.retries', message: 'must be an integer >= 0' });
  }
  if (issues.length > 0) throw new SftValidationError(issues, { operation: 'createBulkEndpoints' });
  return [...new Set(tags)];
}

function newJobId(): string {
  return `bulk-${new Date().toISOString().replace(/[-:.]/g, '')}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Duck-typed counters of the built-in token bucket (custom pacers may not have them). */
function pacerCount(client: SftClient, key: 'granted' | 'rateLimitedCount'): number | undefined {
  const value = (client.pacer as unknown as Record<string, unknown>)[key];
  return typeof value === 'number' ? value : undefined;
}

class BulkRunImpl implements BulkRun {
  readonly jobId: string;
  readonly #client: SftClient;
  readonly #rows: BulkRows;
  readonly #options: BulkCreateOptions;
  readonly #runTags: string[];
  #mode: 'idle' | 'iterating' | 'draining' = 'idle';
  readonly #summary: Promise<BulkSummary>;
  #resolve!: (summary: BulkSummary) => void;
  #reject!: (error: unknown) => void;

  constructor(client: SftClient, rows: BulkRows, options: BulkCreateOptions) {
    this.#runTags = checkOptions(options);
    this.#client = client;
    this.#rows = rows;
    this.#options = options;
    this.jobId = options.jobId ?? newJobId();
    this.#summary = new Promise<BulkSummary>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // The summary may be observed only through `then`; never let it be an unhandled rejection.
    this.#summary.catch(() => {});
  }

  // biome-ignore lint/suspicious/noThenProperty: a run is awaited for its summary, by design (see BulkRun).
  then<A = BulkSummary, B = never>(
    onFulfilled?: ((value: BulkSummary) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    if (this.#mode === 'idle') {
      this.#mode = 'draining';
      const results = this.#results();
      void (async () => {
        for await (const _ of results) {
          // Results are counted by the engine; draining only keeps the run going.
        }
      })().catch(() => {});
    }
    return this.#summary.then(onFulfilled, onRejected);
  }

  [Symbol.asyncIterator](): AsyncIterator<BulkResult> {
    if (this.#mode !== 'idle') {
      throw new SftError(
        'createBulkEndpoints: this run is already being consumed; iterate it before awaiting it, and only once.',
        { operation: 'createBulkEndpoints' },
      );
    }
    this.#mode = 'iterating';
    return this.#results();
  }

  async *#results(): AsyncGenerator<BulkResult> {
    const client = this.#client;
    const options = this.#options;
    const strategy = options.strategy ?? perRowStrategy;
    const now = () => performance.now();
    const total = Array.isArray(this.#rows) ? this.#rows.length : undefined;
    const tracker = createProgressTracker({ total, now });
    const concurrency = createConcurrencyController({
      pacer: client.pacer,
      concurrency: options.concurrency ?? 'auto',
      ...(options.maxConcurrency === undefined ? {} : { max: options.maxConcurrency }),
    });
    const maxFailures = options.maxReportedFailures ?? 1000;
    const failures: BulkResult[] = [];
    const stats = { retries: 0, reconciliations: 0 };
    const grantedAtStart = pacerCount(client, 'granted');
    const limitedAtStart = pacerCount(client, 'rateLimitedCount');
    let fatalError: SftError | undefined;
    let rowsInFlight = 0;

    const progress = (): BulkProgress => {
      const elapsedMs = Math.round(now() - tracker.startedAt);
      return {
        done: tracker.done,
        total,
        ...tracker.counts,
        inFlight: rowsInFlight,
        elapsedMs,
        rowsPerSecond: tracker.rowsPerSecond(),
        etaMs: tracker.etaMs(),
        currentTps: client.pacer.currentTps,
        concurrency: concurrency.current(),
      };
    };
    const onProgress = options.onProgress;
    const ticker = throttle(() => onProgress?.(progress()), options.progressIntervalMs ?? 1000, now);

    const validator = createRowValidator({ checkDigit: client.iccidCheckDigit, runTags: this.#runTags });
    const rows = this.#rows;
    const batchSize = Math.max(1, Math.floor(strategy.maxBatchSize));
    async function* batches(): AsyncGenerator<RowVerdict[]> {
      let batch: RowVerdict[] = [];
      let index = 0;
      for await (const raw of rows) {
        batch.push(validator.check(raw, index++));
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    }

    let run: ReturnType<typeof runOrdered<RowVerdict[], BulkResult[]>> | undefined;
    const ctx: BatchContext = {
      client,
      strategy,
      jobId: this.jobId,
      retry: { ...DEFAULT_RETRY, ...definedOnly(options.retry) },
      random: options.random ?? Math.random,
      runLimiter:
        options.maxTps === undefined
          ? undefined
          : createTokenBucketPacer({ tps: options.maxTps, followAnnouncedLimit: false }),
      signal: options.signal === undefined ? undefined : followSignal(options.signal),
      concurrency,
      stats,
      isStopped: () => fatalError !== undefined,
      fatal(error) {
        if (fatalError) return;
        fatalError = error;
        client.logger.error(`createBulkEndpoints: stopping the run: ${error.message}`, { jobId: ctx.jobId });
        run?.stop();
      },
    };

    const worker = async (verdicts: RowVerdict[]): Promise<BulkResult[]> => {
      rowsInFlight += verdicts.length;
      const results = await provisionBatch(ctx, verdicts);
      rowsInFlight -= verdicts.length;
      for (const result of results) {
        tracker.record(result.status);
        if (result.status === 'failed' && failures.length < maxFailures) failures.push(result);
        options.onResult?.(result);
      }
      ticker.tick();
      return results;
    };

    run = runOrdered({
      source: batches(),
      worker,
      concurrency: () => Math.max(1, Math.ceil(concurrency.current() / batchSize)),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });

    const finish = (): BulkSummary => {
      ticker.flush();
      const durationMs = Math.round(now() - tracker.startedAt);
      const seconds = Math.max(durationMs, 1) / 1000;
      const granted = pacerCount(client, 'granted');
      const limited = pacerCount(client, 'rateLimitedCount');
      const requests = granted === undefined || grantedAtStart === undefined ? 0 : granted - grantedAtStart;
      const counts = tracker.counts;
      return {
        jobId: this.jobId,
        total: tracker.done,
        ...counts,
        aborted: fatalError !== undefined || options.signal?.aborted === true,
        ...(fatalError === undefined ? {} : { fatalError }),
        durationMs,
        achievedTps: requests / seconds,
        endpointsPerSecond: (counts.created + counts.recovered) / seconds,
        requests,
        rateLimited: limited === undefined || limitedAtStart === undefined ? 0 : limited - limitedAtStart,
        retries: stats.retries,
        reconciliations: stats.reconciliations,
        failures,
      };
    };

    try {
      for await (const results of run) yield* results;
    } catch (error) {
      this.#reject(error);
      throw error;
    } finally {
      // Also reached when the reader breaks out: the runner has then finished its in-flight rows.
      this.#resolve(finish());
    }
  }
}

function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  if (!value) return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * A signal that aborts with `signal`, and on which any number of waiters may listen: every row waiting
 * for the run's limiter or a backoff adds a listener, and Node warns past 10 on the caller's own signal.
 */
function followSignal(signal: AbortSignal): AbortSignal {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  return controller.signal;
}
