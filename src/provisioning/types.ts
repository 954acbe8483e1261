/**
 * Public types of `createBulkEndpoints`: options, per-row results, progress events and the summary.
 *
 * @module
 */
import type { SftError } from '../errors.js';
import type { CreateEndpointInput } from '../types.js';
import type { ProvisioningStrategy } from './strategy.js';

/** The rows of a bulk run: consumed as a stream, one at a time, never copied whole. */
export type BulkRows = Iterable<CreateEndpointInput> | AsyncIterable<CreateEndpointInput>;

/**
 * What happened to one row.
 * - `created`: this run created the endpoint.
 * - `recovered`: a create's outcome was unknown (timeout, dropped connection, 5xx, 10240), or a
 *   previous run left the row pending; the ICCID was found linked on the platform and recorded.
 * - `skipped`: the store already held the endpoint as created (a rerun); nothing was sent.
 * - `failed`: invalid row, definitive refusal by the platform, or retries exhausted; see `error`.
 */
export type BulkRowStatus = 'created' | 'recovered' | 'skipped' | 'failed';

/** The result of one row, yielded in input order. */
export interface BulkResult {
  /** The row's 0-based position in the input. */
  index: number;
  /** The row as given (for a row that failed validation it may not match the type). */
  input: CreateEndpointInput;
  /** What happened; see {@link BulkRowStatus}. */
  status: BulkRowStatus;
  /** The endpoint's id, for `created`, `recovered` and `skipped`. */
  endpointId?: string;
  /**
   * Why the row failed: an `SftValidationError` (bad row, with `issues[].row`), an `SftApiError`
   * (the platform refused it: `resultCode`, `resultDescription`), or the last error after the
   * retries. Messages never contain credentials.
   */
  error?: SftError;
  /** Create requests sent for this row in this run (0 for skipped and invalid rows). */
  attempts: number;
}

/** Retry policy of the bulk engine for creates (on top of the transport's own safe retries). */
export interface BulkRetryOptions {
  /**
   * How many times one row's create may be re-sent after a failure that surely did not create it
   * (a 429 or refused connection left over by the transport, or an unknown outcome that
   * reconciliation showed did not happen). Default 5.
   */
  retries?: number;
  /** Backoff cap before the first re-send, in milliseconds (full jitter below it). Default 500. */
  minDelayMs?: number;
  /** Longest backoff wait, in milliseconds. Default 30 000. */
  maxDelayMs?: number;
  /**
   * How many times to look an ICCID up when reconciling an unknown outcome, if the look-up itself
   * fails. Default 5.
   */
  reconcileRetries?: number;
}

/** A progress snapshot, passed to `onProgress`. */
export interface BulkProgress {
  /** Rows finished (any status). */
  done: number;
  /** Rows in the input, when known (an Array input); otherwise `undefined`. */
  total: number | undefined;
  /** Rows per status so far. */
  created: number;
  /** Rows recovered so far. */
  recovered: number;
  /** Rows skipped so far. */
  skipped: number;
  /** Rows failed so far. */
  failed: number;
  /** Rows being worked on now. */
  inFlight: number;
  /** Milliseconds since the run started. */
  elapsedMs: number;
  /** Rows finished per second over the recent window (about 10 s). */
  rowsPerSecond: number;
  /** Estimated milliseconds to finish, when `total` is known and the rate is positive. */
  etaMs: number | undefined;
  /** The pacer's current rate, requests per second. */
  currentTps: number;
  /** The concurrency in use now. */
  concurrency: number;
}

/** Options of `createBulkEndpoints`. */
export interface BulkCreateOptions {
  /** A tag added (locally, in the store) to every row. Letters, digits, `-` and `_`. */
  tag?: string;
  /** Tags added (locally, in the store) to every row, after `tag`. */
  tags?: readonly string[];
  /**
   * Names the run in the journal (`StoredEndpoint.jobId`). Default: a new id per run. Resume does
   * not depend on it: a rerun recognises rows by ICCID.
   */
  jobId?: string;
  /**
   * Rows worked on at once: a number, or `'auto'` (default) to keep the pacer busy at the observed
   * latency, from a small start up to `maxConcurrency`. Concurrency does not raise the rate: the
   * pacer does that; too little concurrency lowers it when latency is high.
   */
  concurrency?: number | 'auto';
  /**
   * Upper bound of automatic concurrency. Default: `max(32, ceil(rate × 2 s))` at the pacer's current
   * rate, so that a fast account's limit is reached up to 2 s of latency.
   */
  maxConcurrency?: number;
  /**
   * Caps this run's create requests per second, with a limiter of its own in front of the client's
   * pacer (useful to leave room for other work of the same client). It cannot raise the rate: the
   * account-wide pacing is the client's (`maxTps` of `createSftClient`). Default: no extra cap.
   */
  maxTps?: number;
  /** Re-send policy for creates; see {@link BulkRetryOptions}. */
  retry?: BulkRetryOptions;
  /**
   * Stops taking rows. Creates already sent are finished (or reconciled) and journaled; rows not
   * yet sent are not reported. The summary then has `aborted: true`.
   */
  signal?: AbortSignal;
  /** Called with a progress snapshot at most every `progressIntervalMs`, and once at the end. */
  onProgress?: (progress: BulkProgress) => void;
  /** Minimum time between two `onProgress` calls, in milliseconds. Default 1000. */
  progressIntervalMs?: number;
  /** Called with each result as soon as the row finishes (in completion order, not input order). */
  onResult?: (result: BulkResult) => void;
  /**
   * How rows reach the platform. Default {@link perRowStrategy}: one Create Endpoint call per row.
   * A server-side bulk create can be plugged in here once its interface is known.
   */
  strategy?: ProvisioningStrategy;
  /** How many failed results the summary keeps (`summary.failures`). Default 1000. */
  maxReportedFailures?: number;
  /** Random source for backoff jitter (tests inject one). Default `Math.random`. */
  random?: () => number;
}

/** The outcome of a whole run. */
export interface BulkSummary {
  /** The run's journal id. */
  jobId: string;
  /** Rows finished (created + recovered + skipped + failed). */
  total: number;
  /** Rows this run created. */
  created: number;
  /** Rows found already created on the platform after an unknown outcome or a crash. */
  recovered: number;
  /** Rows the store already held as created. */
  skipped: number;
  /** Rows that failed. */
  failed: number;
  /** Whether the run stopped early (its signal aborted, or a fatal error). */
  aborted: boolean;
  /**
   * An error that stopped the whole run (authentication refused, store failure). Rows finished
   * before it keep their results; rerun after fixing the cause.
   */
  fatalError?: SftError;
  /** Wall time of the run, in milliseconds. */
  durationMs: number;
  /** Requests the pacer let through during the run, per second (all requests of the client). */
  achievedTps: number;
  /** Endpoints created or recovered per second. */
  endpointsPerSecond: number;
  /** Requests the pacer let through during the run (creates, look-ups, logins, retries). */
  requests: number;
  /** 429 answers seen during the run (when the pacer counts them). */
  rateLimited: number;
  /**
   * Create re-sends made by the engine (after a failure that surely did not create the endpoint).
   * The transport's own retries (429s, reads) are not counted here; see `rateLimited`.
   */
  retries: number;
  /** ICCID look-ups made to reconcile unknown outcomes and pending rows. */
  reconciliations: number;
  /** The first `maxReportedFailures` failed results, in completion order. */
  failures: BulkResult[];
}
