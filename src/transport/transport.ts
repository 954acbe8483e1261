/**
 * The SFT transport: sends one operation of the operation table, with authentication, pacing,
 * per-operation timeouts, safe retries, envelope decoding and error mapping.
 *
 * @module
 */
import ky from 'ky';
import pRetry from 'p-retry';
import { SftApiError, SftAuthError, SftError } from '../errors.js';
import type { SftLog } from '../internal/logger.js';
import type { Redactor } from '../internal/redact.js';
import { anySignal, delay, untilAborted } from '../internal/signals.js';
import { tokenPairSchema } from '../schemas.js';
import { parseRetryAfter, retryDelayMs } from './backoff.js';
import { decodeEnvelope, type SftResponse, toSearchParams } from './envelope.js';
import {
  afterSending,
  clientTimeout,
  envelopeFailure,
  type FailureContext,
  httpFailure,
  isSafeToRetry,
  networkFailure,
  rateLimited,
  TokenExpiredSignal,
} from './failures.js';
import type { SftOperationName, SftOperationSpec } from './operations.js';
import type { RequestPacer } from './pacer.js';
import type { ResolvedRetryOptions } from './retry-options.js';
import { TokenManager } from './tokens.js';

/** The longest delay `setTimeout` honours (larger values fire after 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;

/** Per-call options accepted by every API function (last argument). */
export interface SftCallOptions {
  /** Abort this call (also aborted by the client's own `signal`). Rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Client-side timeout of this call in milliseconds; default from the operation table / `timeouts`. */
  timeoutMs?: number;
}

/** One request for {@link SftTransport.send}. */
export interface SftRequest extends SftCallOptions {
  /** Query-string parameters (GET); `undefined` values are dropped, others stringified. */
  query?: Record<string, unknown>;
  /** JSON body (POST/PATCH), already in SFT's envelope form. */
  body?: unknown;
}

/** An HTTP answer as received (status, headers, parsed JSON body or `undefined`). */
export interface SftRawAnswer {
  /** HTTP status. */
  status: number;
  /** Response headers. */
  headers: Headers;
  /** The parsed JSON body, or `undefined` when the body was empty or not JSON. */
  body: unknown;
}

/** Login credentials. The password is never logged nor put in an error. */
export interface SftCredentials {
  /** User name of the SFT account. */
  username: string;
  /** Password of the SFT account. */
  password: string;
  /** Reseller "Support Access": log into this child account (any depth) without its credentials. */
  targetAccountId?: string;
}

/** Everything a transport needs; assembled by `createSftClient`. */
export interface SftTransportOptions {
  /** Checked base URL without trailing slash. */
  baseUrl: string;
  /** The operation table, overrides applied. */
  operations: Readonly<Record<SftOperationName, Readonly<SftOperationSpec>>>;
  /** Login credentials. */
  credentials: SftCredentials;
  /** Paces every request, login and refresh included. */
  pacer: RequestPacer;
  /** Retry policy. */
  retry: ResolvedRetryOptions;
  /** Redacted log. */
  log: SftLog;
  /** The client's redactor; every token obtained is registered with it. */
  redactor: Redactor;
  /** `fetch` to use (default: the global one, looked up at call time). */
  fetch?: typeof fetch;
  /** Aborts every call of the client. */
  signal?: AbortSignal;
  /** Refresh the access token this long before its JWT `exp`. Default 30 000 ms. */
  tokenRefreshSkewMs?: number;
  /** Random source for backoff jitter (tests inject one). */
  random?: () => number;
}

/** The `X-Authorization` bearer of a request: none, a fixed token, or one read when the request is sent. */
type Bearer = string | (() => Promise<string>) | undefined;

/**
 * Sends SFT operations by name. Safe for concurrent use; all calls share one token set and one pacer.
 */
export class SftTransport {
  /** The token manager (exposed for diagnostics: `tokens.stats`). */
  readonly tokens: TokenManager;
  readonly #options: SftTransportOptions;
  readonly #fetch: typeof fetch;
  /** Errors of getting an access token inside an attempt: never retried again by the operation. */
  readonly #tokenFailures = new WeakSet<object>();

  constructor(options: SftTransportOptions) {
    this.#options = options;
    options.redactor.addSecret(options.credentials.password);
    this.#fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);
    this.tokens = new TokenManager(
      { login: () => this.#login(), refresh: (token) => this.#refresh(token) },
      options.log,
      (token) => options.redactor.addSecret(token, { rotating: true }),
      options.tokenRefreshSkewMs,
    );
  }

  /** The effective spec (method, path, timeout) of `operation`. */
  operation(operation: SftOperationName): Readonly<SftOperationSpec> {
    return this.#options.operations[operation];
  }

  /**
   * Sends `operation` with the current access token and returns the decoded `Response` of a
   * success. Retries what is safe (see `SftRetryOptions`); when the platform says the token
   * expired, refreshes it (once for all concurrent callers) and replays the call once.
   *
   * @throws {@link SftApiError}, {@link SftAuthError}, {@link SftTimeoutError}, {@link SftNetworkError},
   *   {@link SftRateLimitError} (after the retries), or the signal's reason when aborted.
   */
  async send(operation: SftOperationName, request: SftRequest = {}): Promise<SftResponse> {
    // The token is read after the pacer lets the request go, not before: a request may wait in the
    // pacer's queue longer than a short-lived access token lives.
    let sent = '';
    const currentToken = async () => {
      sent = await this.tokens.accessToken();
      return sent;
    };
    try {
      return await this.#exchange(operation, request, currentToken, this.#interpretEnvelope);
    } catch (error) {
      if (!(error instanceof TokenExpiredSignal)) throw error;
    }
    await this.tokens.renewAfterRejection(sent);
    try {
      return await this.#exchange(operation, request, currentToken, this.#interpretEnvelope);
    } catch (error) {
      if (!(error instanceof TokenExpiredSignal)) throw error;
      throw new SftAuthError(
        `${operation}: SFT rejected a freshly issued token. Check that the account may use the API, then retry.`,
        { operation, reason: 'token-rejected' },
      );
    }
  }

  /** Interprets an enveloped answer, with any secret echoed in the platform's description redacted. */
  readonly #interpretEnvelope = (answer: SftRawAnswer, ctx: FailureContext): SftResponse =>
    interpretEnvelope(answer, ctx, (text) => this.#options.redactor.redactText(text));

  readonly #interpretTokenPair = (answer: SftRawAnswer, ctx: FailureContext) =>
    interpretTokenPair(answer, ctx, (text) => this.#options.redactor.redactText(text));

  async #login() {
    const { username, password, targetAccountId } = this.#options.credentials;
    const body: Record<string, string> = { username, password };
    if (targetAccountId !== undefined) body.targetAccountId = String(targetAccountId);
    return this.#exchange('login', { body }, undefined, this.#interpretTokenPair);
  }

  async #refresh(refreshToken: string) {
    return this.#exchange('refreshToken', {}, refreshToken, this.#interpretTokenPair);
  }

  /** Sends one operation, re-sending it only when that is safe, and interprets the answer. */
  async #exchange<T>(
    operation: SftOperationName,
    request: SftRequest,
    bearer: Bearer,
    interpret: (answer: SftRawAnswer, ctx: FailureContext) => T,
  ): Promise<T> {
    const spec = this.operation(operation);
    // Login issues tokens and changes nothing: its failures are 'not-applied' and it may be re-sent.
    const ctx: FailureContext = { operation, method: spec.method, changesNothing: operation === 'login' };
    const { retry, random } = this.#options;
    const signal = anySignal(this.#options.signal, request.signal);
    return pRetry(
      async (attemptNumber) => interpret(await this.#attempt(spec, ctx, request, bearer, attemptNumber), ctx),
      {
        retries: retry.retries,
        // p-retry's own delay is disabled; shouldRetry waits with full jitter or Retry-After instead.
        minTimeout: 0,
        factor: 1,
        ...(signal === undefined ? {} : { signal }),
        shouldRetry: async ({ error, retriesConsumed }) => {
          if (this.#tokenFailures.has(error)) return false;
          if (!isSafeToRetry(error, spec.method, ctx.changesNothing)) return false;
          const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs;
          const wait = retryDelayMs(retriesConsumed, retry, retryAfterMs, random);
          this.#options.log.info(`${operation}: retrying in ${wait} ms after ${(error as SftError).name}`, {
            operation,
            attempt: retriesConsumed + 1,
          });
          await delay(wait, signal);
          return true;
        },
      },
    );
  }

  /** One HTTP exchange: pace, send, classify transport-level failures. */
  async #attempt(
    spec: Readonly<SftOperationSpec>,
    ctx: FailureContext,
    request: SftRequest,
    bearer: Bearer,
    attemptNumber: number,
  ): Promise<SftRawAnswer> {
    const { pacer } = this.#options;
    const callerSignal = anySignal(this.#options.signal, request.signal);
    await pacer.acquire(callerSignal);
    let token: string | undefined;
    try {
      token = typeof bearer === 'function' ? await bearer() : bearer;
    } catch (error) {
      // Login and refresh already retried what was safe: the operation must not retry them again.
      if (typeof error === 'object' && error !== null) this.#tokenFailures.add(error);
      throw error;
    }
    const timeoutMs = request.timeoutMs ?? spec.timeoutMs;
    // Our own deadline rather than ky's `timeout`: ky stops its timer once the headers arrive, so an
    // answer whose body stalls would hang. This one covers the whole exchange, body included.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), Math.min(timeoutMs, MAX_TIMER_MS));
    const signal = anySignal(callerSignal, deadline.signal) as AbortSignal;
    try {
      return await this.#exchangeOnce(spec, ctx, request, token, attemptNumber, signal);
    } catch (error) {
      if (error instanceof SftError) throw error;
      if (callerSignal?.aborted) throw callerSignal.reason;
      if (deadline.signal.aborted) throw clientTimeout(timeoutMs, ctx);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends the request and reads the answer; `signal` aborts both (caller abort or deadline). */
  async #exchangeOnce(
    spec: Readonly<SftOperationSpec>,
    ctx: FailureContext,
    request: SftRequest,
    bearer: string | undefined,
    attemptNumber: number,
    signal: AbortSignal,
  ): Promise<SftRawAnswer> {
    const { pacer, log } = this.#options;
    const headers: Record<string, string> = {
      'X-Requested-With': 'XMLHttpRequest',
      Accept: 'application/json',
    };
    if (bearer !== undefined) headers['X-Authorization'] = `Bearer ${bearer}`;
    const searchParams = toSearchParams(request.query);
    log.debug(`-> ${spec.method} ${spec.path}`, {
      operation: ctx.operation,
      attempt: attemptNumber,
      ...(searchParams === undefined ? {} : { query: searchParams }),
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    const started = Date.now();
    let response: Response;
    try {
      response = await untilAborted(
        ky(`${this.#options.baseUrl}${spec.path}`, {
          method: spec.method,
          headers,
          ...(searchParams === undefined ? {} : { searchParams }),
          ...(request.body === undefined ? {} : { json: request.body }),
          timeout: false,
          retry: 0,
          throwHttpErrors: false,
          fetch: this.#fetch,
          signal,
        }),
        signal,
      );
    } catch (error) {
      // Aborts (caller or deadline) are mapped by #attempt; no abort error is kept as a cause.
      if (signal.aborted) throw signal.reason;
      throw networkFailure(this.#options.redactor.redactError(error), ctx);
    }

    const tps = Number(response.headers.get('X-Rate-Limit-TPS'));
    if (response.headers.has('X-Rate-Limit-TPS') && Number.isFinite(tps) && tps > 0)
      pacer.onLimitAnnounced(tps);
    if (response.status === 429) {
      pacer.onRateLimited();
      await untilAborted(response.text(), signal).catch(() => undefined);
      log.warn(`<- 429 ${spec.path}`, { operation: ctx.operation });
      throw rateLimited(
        ctx,
        Number.isFinite(tps) && tps > 0 ? tps : undefined,
        parseRetryAfter(response.headers.get('Retry-After')),
      );
    }
    pacer.onSuccess();

    let text: string;
    try {
      text = await untilAborted(response.text(), signal);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw networkFailure(this.#options.redactor.redactError(error), ctx);
    }
    let body: unknown;
    try {
      body = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    log.debug(`<- ${response.status} ${spec.path} in ${Date.now() - started} ms`, {
      operation: ctx.operation,
      body,
    });
    return { status: response.status, headers: response.headers, body };
  }
}

/** Interprets an answer to an enveloped operation: the decoded `Response`, or the mapped error. */
function interpretEnvelope(
  answer: SftRawAnswer,
  ctx: FailureContext,
  redactText: (text: string) => string,
): SftResponse {
  if (answer.status === 401) {
    throw new TokenExpiredSignal(`${ctx.operation}: HTTP 401`, { operation: ctx.operation });
  }
  const response = decodeEnvelope(answer.body);
  const description = response?.resultParam?.resultDescription;
  if (response?.resultParam && description !== undefined) {
    response.resultParam.resultDescription = redactText(description);
  }
  if (answer.status >= 500) throw httpFailure(answer.status, ctx);
  if (response === undefined) {
    if (answer.status >= 400) throw httpFailure(answer.status, ctx);
    throw invalidAnswer(ctx, answer.status);
  }
  const failure = envelopeFailure(response, answer.status, ctx);
  if (failure) throw failure;
  if (answer.status >= 400) throw httpFailure(answer.status, ctx);
  return response;
}

/** Interprets an answer to login / RefreshToken: the flat token pair, or the mapped error. */
function interpretTokenPair(answer: SftRawAnswer, ctx: FailureContext, redactText: (text: string) => string) {
  if (answer.status >= 500 || answer.status === 401 || answer.status === 403) {
    throw httpFailure(answer.status, ctx);
  }
  const pair = tokenPairSchema.safeParse(answer.body);
  if (pair.success) return pair.data;
  const response = decodeEnvelope(answer.body);
  if (response) {
    const description = response.resultParam?.resultDescription;
    if (response.resultParam && description !== undefined) {
      response.resultParam.resultDescription = redactText(description);
    }
    const failure = envelopeFailure(response, answer.status, ctx);
    if (failure instanceof TokenExpiredSignal) {
      throw new SftAuthError(`${ctx.operation}: SFT rejected the token (401).`, {
        operation: ctx.operation,
        reason: 'token-rejected',
        resultCode: '401',
      });
    }
    if (failure) throw failure;
  }
  if (answer.status >= 400) throw httpFailure(answer.status, ctx);
  throw invalidAnswer(ctx, answer.status);
}

function invalidAnswer(ctx: FailureContext, status: number): SftApiError {
  return new SftApiError(
    `${ctx.operation}: SFT answered HTTP ${status} with a body that is not the expected SFT envelope. Check the base URL; ${
      afterSending(ctx) === 'not-applied'
        ? 'nothing was changed'
        : 'the request may have been applied: verify with a read'
    }.`,
    {
      operation: ctx.operation,
      outcome: afterSending(ctx),
      resultCode: 'INVALID_RESPONSE',
      httpStatus: status,
    },
  );
}
