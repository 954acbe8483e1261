/**
 * The error hierarchy of sft-endpoints. Every error the SDK throws is an {@link SftError};
 * branch on the subclass (or on `outcome`) rather than on message text.
 *
 * Messages say what to do next and never contain a password or a token.
 *
 * @module
 */

/**
 * Whether the platform may have applied a request that failed.
 *
 * - `'not-applied'`: the platform surely did not apply it (rejected, never sent, a read).
 * - `'unknown'`: the request reached the platform and may have been applied (timeout after a POST,
 *   the documented 10240 "timed out, verify completion" answer, a connection dropped after sending,
 *   a 5xx after sending). Never re-send such a request blindly: read the platform's state first
 *   (for a create, look the ICCID up with `findSimByIccid`).
 */
export type SftOutcome = 'not-applied' | 'unknown';

/** Options common to every {@link SftError}. */
export interface SftErrorOptions {
  /** The underlying error, if any (kept for debugging; never includes credentials). */
  cause?: unknown;
  /** The SDK operation that failed, e.g. `'createEndpoint'`. */
  operation?: string;
  /** Whether the platform may have applied the request. Default `'not-applied'`. */
  outcome?: SftOutcome;
}

/** Base class of every error thrown by sft-endpoints. */
export class SftError extends Error {
  /** The class name, `'SftError'`, for logs and serialised errors. */
  override name = 'SftError';
  /** The SDK operation that failed, e.g. `'createEndpoint'`, when known. */
  readonly operation: string | undefined;
  /** Whether the platform may have applied the request; see {@link SftOutcome}. */
  readonly outcome: SftOutcome;

  constructor(message: string, options: SftErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.operation = options.operation;
    this.outcome = options.outcome ?? 'not-applied';
  }
}

/** Fields of an {@link SftApiError}. */
export interface SftApiErrorOptions extends SftErrorOptions {
  /** The specific result code, from `Response.resultParam.resultCode` (e.g. `'10117'`). */
  resultCode: string;
  /** The platform's `Response.resultParam.resultDescription`, verbatim. */
  resultDescription?: string;
  /** The platform's `Response.responseId` (quote it to BICS support). */
  responseId?: string;
  /** The HTTP status of the answer. */
  httpStatus?: number;
}

/**
 * The platform answered with a failure (top-level `resultCode` "1", or an HTTP error status).
 * `resultCode` holds the specific code from `resultParam`.
 */
export class SftApiError extends SftError {
  /** The class name, `'SftApiError'`, for logs and serialised errors. */
  override name = 'SftApiError';
  /** The specific result code, from `Response.resultParam.resultCode`. */
  readonly resultCode: string;
  /** The platform's description of the failure, verbatim. */
  readonly resultDescription: string | undefined;
  /** The platform's response transaction id. */
  readonly responseId: string | undefined;
  /** The HTTP status of the answer. */
  readonly httpStatus: number | undefined;

  constructor(message: string, options: SftApiErrorOptions) {
    super(message, options);
    this.resultCode = options.resultCode;
    this.resultDescription = options.resultDescription;
    this.responseId = options.responseId;
    this.httpStatus = options.httpStatus;
  }
}

/** Why authentication failed; see {@link SftAuthError}. */
export type SftAuthFailure =
  /** 10126: username or password invalid. */
  | 'bad-credentials'
  /** 11044: account blocked after repeated failed logins; reset it with "Forgot Password". */
  | 'account-locked'
  /** The token was refused even after a refresh and a fresh login. */
  | 'token-rejected'
  /** The account may not call this API (e.g. a Reseller calling an Enterprise-only endpoint API). */
  | 'not-authorised';

/** Fields of an {@link SftAuthError}. */
export interface SftAuthErrorOptions extends SftErrorOptions {
  /** Why authentication failed. */
  reason: SftAuthFailure;
  /** The platform's result code, when it gave one. */
  resultCode?: string;
  /** The HTTP status of the answer. */
  httpStatus?: number;
}

/** Login, refresh or authorisation failed. Never carries the password or a token. */
export class SftAuthError extends SftError {
  /** The class name, `'SftAuthError'`, for logs and serialised errors. */
  override name = 'SftAuthError';
  /** Why authentication failed. */
  readonly reason: SftAuthFailure;
  /** The platform's result code, when it gave one (10126, 11044, …). */
  readonly resultCode: string | undefined;
  /** The HTTP status of the answer. */
  readonly httpStatus: number | undefined;

  constructor(message: string, options: SftAuthErrorOptions) {
    super(message, options);
    this.reason = options.reason;
    this.resultCode = options.resultCode;
    this.httpStatus = options.httpStatus;
  }
}

/** Fields of an {@link SftRateLimitError}. */
export interface SftRateLimitErrorOptions extends SftErrorOptions {
  /** The account's configured limit from the `X-Rate-Limit-TPS` header, when sent. */
  tps?: number;
  /** How long the platform asked to wait (`Retry-After`), in milliseconds, when sent. */
  retryAfterMs?: number;
}

/** HTTP 429: the account's requests-per-second budget is exhausted. Safe to retry later. */
export class SftRateLimitError extends SftError {
  /** The class name, `'SftRateLimitError'`, for logs and serialised errors. */
  override name = 'SftRateLimitError';
  /** Always 429. */
  readonly httpStatus = 429;
  /** The account's configured limit (`X-Rate-Limit-TPS`), when the platform sent it. */
  readonly tps: number | undefined;
  /** The platform's `Retry-After`, in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: SftRateLimitErrorOptions = {}) {
    super(message, { ...options, outcome: 'not-applied' });
    this.tps = options.tps;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** Fields of an {@link SftTimeoutError}. */
export interface SftTimeoutErrorOptions extends SftErrorOptions {
  /** HTTP method of the request that timed out. */
  method: string;
  /** The client-side timeout that elapsed, in milliseconds; absent for the platform's own 10240 answer. */
  timeoutMs?: number;
  /** `'client'`: our timer fired; `'platform'`: SFT answered that the operation timed out (10240). */
  source: 'client' | 'platform';
}

/**
 * A request timed out. After a POST/PATCH `outcome` is `'unknown'`: the platform keeps processing
 * and may have finished, so verify with a read before trying again. A timed-out GET changed
 * nothing and may simply be re-sent.
 */
export class SftTimeoutError extends SftError {
  /** The class name, `'SftTimeoutError'`, for logs and serialised errors. */
  override name = 'SftTimeoutError';
  /** HTTP method of the request that timed out. */
  readonly method: string;
  /** The client-side timeout in milliseconds, when our own timer fired. */
  readonly timeoutMs: number | undefined;
  /** Who declared the timeout. */
  readonly source: 'client' | 'platform';

  constructor(message: string, options: SftTimeoutErrorOptions) {
    super(message, options);
    this.method = options.method;
    this.timeoutMs = options.timeoutMs;
    this.source = options.source;
  }
}

/** One problem found in an input. */
export interface SftValidationIssue {
  /** The offending field, dotted (e.g. `'iccid'`, `'tags.1'`). */
  field: string;
  /** The rule that failed, in words a user can act on. */
  message: string;
  /** The 0-based row index, for bulk inputs. */
  row?: number;
}

/** Input was rejected before anything was sent. Nothing reached the platform. */
export class SftValidationError extends SftError {
  /** The class name, `'SftValidationError'`, for logs and serialised errors. */
  override name = 'SftValidationError';
  /** Every problem found, each naming its field (and row, for bulk inputs). */
  readonly issues: readonly SftValidationIssue[];

  constructor(issues: readonly SftValidationIssue[], options: SftErrorOptions = {}) {
    super(formatIssues(issues), { ...options, outcome: 'not-applied' });
    this.issues = issues;
  }
}

function formatIssues(issues: readonly SftValidationIssue[]): string {
  const parts = issues.map((i) => `${i.row === undefined ? '' : `row ${i.row}: `}${i.field}: ${i.message}`);
  return `Invalid input, nothing was sent. ${parts.join('; ')}`;
}

/** Fields of an {@link SftNetworkError}. */
export interface SftNetworkErrorOptions extends SftErrorOptions {
  /** The system error code, when there is one (`ECONNREFUSED`, `ECONNRESET`, …). */
  code?: string;
}

/**
 * The connection failed. `outcome` says whether the request may have reached the platform:
 * `'not-applied'` for a refused connection or DNS failure, `'unknown'` for a connection dropped
 * after a POST was sent.
 */
export class SftNetworkError extends SftError {
  /** The class name, `'SftNetworkError'`, for logs and serialised errors. */
  override name = 'SftNetworkError';
  /** The system error code, when there is one. */
  readonly code: string | undefined;

  constructor(message: string, options: SftNetworkErrorOptions = {}) {
    super(message, options);
    this.code = options.code;
  }
}

/** No unused endpoint matches a claim (the pool for that tag is empty). Create more inventory. */
export class SftEmptyPoolError extends SftError {
  /** The class name, `'SftEmptyPoolError'`, for logs and serialised errors. */
  override name = 'SftEmptyPoolError';
  /** The tag whose pool is empty, if the claim named one. */
  readonly tag: string | undefined;

  constructor(message: string, options: SftErrorOptions & { tag?: string } = {}) {
    super(message, options);
    this.tag = options.tag;
  }
}

/** Why a store operation failed; see {@link SftStoreError}. */
export type SftStoreFailure =
  /** The store's file or data cannot be read; it was left untouched. */
  | 'corrupt'
  /** The optional database driver package is not installed. */
  | 'driver-missing'
  /** A write would break a uniqueness rule (one record per ICCID, per endpointId). */
  | 'conflict'
  /** The store was used after `close()`. */
  | 'closed'
  /** The backend could not be read or written (disk full, permissions, lost database connection). */
  | 'unavailable';

/** A storage adapter failed. */
export class SftStoreError extends SftError {
  /** The class name, `'SftStoreError'`, for logs and serialised errors. */
  override name = 'SftStoreError';
  /** Why the store failed. */
  readonly reason: SftStoreFailure;

  constructor(message: string, options: SftErrorOptions & { reason: SftStoreFailure }) {
    super(message, options);
    this.reason = options.reason;
  }
}

/** Whether `error` means the request may have been applied by the platform (see {@link SftOutcome}). */
export function isUnknownOutcome(error: unknown): boolean {
  return error instanceof SftError && error.outcome === 'unknown';
}
