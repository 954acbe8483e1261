/**
 * Mapping of everything that can go wrong on the wire to the SDK's error classes, with the
 * `outcome` each implies. Pure functions.
 *
 * @module
 */
import {
  SftApiError,
  SftAuthError,
  SftError,
  SftNetworkError,
  type SftOutcome,
  SftRateLimitError,
  SftTimeoutError,
} from '../errors.js';
import { AUTHORISATION_FAILURE_PATTERN, SFT_RESULT_CODES } from '../result-codes.js';
import type { SftResponse } from './envelope.js';
import type { SftOperationSpec } from './operations.js';

/** What the mapping needs to know about the request. */
export interface FailureContext {
  /** SDK operation name, e.g. `'createEndpoint'`. */
  operation: string;
  /** HTTP method sent. */
  method: SftOperationSpec['method'];
  /**
   * The request changes nothing on the platform even when it is a POST (login): a failure after
   * sending is then `'not-applied'` and the request may be re-sent, as for a GET.
   */
  changesNothing?: boolean;
}

/**
 * Thrown (internally) when the platform says the access token expired: HTTP 401, or HTTP 200 with
 * top-level `resultCode` "1" and `resultParam.resultCode` "401". The transport refreshes the token
 * and replays the call once; this error never reaches SDK users.
 */
export class TokenExpiredSignal extends SftError {
  override name = 'TokenExpiredSignal';
}

/**
 * System error codes meaning the request never left this machine (no connection was made), so
 * even a POST may safely be re-sent.
 */
export const NOT_SENT_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Whether a request may have been applied when it fails after being sent. Reads never apply anything. */
export function afterSending(ctx: FailureContext): SftOutcome {
  return ctx.method === 'GET' || ctx.changesNothing === true ? 'not-applied' : 'unknown';
}

/** The first system error code (`ECONNREFUSED`…) found on `error`, its causes or aggregated errors. */
export function systemErrorCode(error: unknown, depth = 0): string | undefined {
  if (!error || typeof error !== 'object' || depth > 5) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.length > 0) return code;
  const fromCause = systemErrorCode((error as { cause?: unknown }).cause, depth + 1);
  if (fromCause) return fromCause;
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors)) {
    for (const e of errors) {
      const c = systemErrorCode(e, depth + 1);
      if (c) return c;
    }
  }
  return undefined;
}

/**
 * Maps a failed `fetch` (no HTTP answer) to {@link SftNetworkError}. Refused connections and DNS
 * failures are `'not-applied'` (never sent); anything else after a POST/PATCH — a reset, a socket
 * closed mid-answer — is `'unknown'`.
 */
export function networkFailure(error: unknown, ctx: FailureContext): SftNetworkError {
  const code = systemErrorCode(error);
  const notSent = code !== undefined && NOT_SENT_ERROR_CODES.has(code);
  const outcome: SftOutcome = notSent ? 'not-applied' : afterSending(ctx);
  const what = code ? ` (${code})` : '';
  const next =
    outcome === 'unknown'
      ? 'The request may have reached SFT: verify its effect with a read before sending it again.'
      : 'Nothing was applied; check the base URL and your network, then retry.';
  return new SftNetworkError(`${ctx.operation}: the connection to SFT failed${what}. ${next}`, {
    cause: error,
    operation: ctx.operation,
    outcome,
    ...(code === undefined ? {} : { code }),
  });
}

/** Maps a client-side timeout to {@link SftTimeoutError}: `'unknown'` after a POST/PATCH. */
export function clientTimeout(timeoutMs: number, ctx: FailureContext, cause?: unknown): SftTimeoutError {
  const outcome = afterSending(ctx);
  const next =
    outcome === 'unknown'
      ? 'SFT keeps processing and may have finished: verify with a read (for a create, look the ICCID up) before trying again.'
      : 'Nothing changed; the read may simply be sent again.';
  return new SftTimeoutError(`${ctx.operation}: no answer from SFT within ${timeoutMs} ms. ${next}`, {
    cause,
    operation: ctx.operation,
    outcome,
    method: ctx.method,
    timeoutMs,
    source: 'client',
  });
}

/** Maps an HTTP 429 to {@link SftRateLimitError}. */
export function rateLimited(ctx: FailureContext, tps: number | undefined, retryAfterMs: number | undefined) {
  const limit = tps === undefined ? '' : ` (account limit ${tps} requests/s)`;
  return new SftRateLimitError(
    `${ctx.operation}: SFT rate limit exceeded${limit}. Nothing was applied; slow down (lower maxTps) and retry.`,
    {
      operation: ctx.operation,
      ...(tps === undefined ? {} : { tps }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    },
  );
}

/** Maps an HTTP error status whose body is not an SFT failure envelope. */
export function httpFailure(status: number, ctx: FailureContext): SftError {
  if (status === 401 || status === 403) {
    return new SftAuthError(
      `${ctx.operation}: SFT refused the credentials or token (HTTP ${status}). Check the username, password and targetAccountId.`,
      {
        operation: ctx.operation,
        reason: status === 401 ? 'token-rejected' : 'not-authorised',
        httpStatus: status,
      },
    );
  }
  const outcome = status >= 500 ? afterSending(ctx) : 'not-applied';
  const next =
    outcome === 'unknown'
      ? 'The request may have been applied: verify with a read before sending it again.'
      : status >= 500
        ? 'Retry later.'
        : 'Check the request (and the operation table, if BICS gave you a different path).';
  return new SftApiError(`${ctx.operation}: SFT answered HTTP ${status}. ${next}`, {
    operation: ctx.operation,
    outcome,
    resultCode: `HTTP_${status}`,
    httpStatus: status,
  });
}

/**
 * Maps a decoded failure answer (top-level `resultCode` "1", or a special `resultParam.resultCode`)
 * to an error; `undefined` when the answer is a success.
 */
export function envelopeFailure(
  response: SftResponse,
  httpStatus: number,
  ctx: FailureContext,
): SftError | undefined {
  const code = response.resultParam?.resultCode;
  const description = response.resultParam?.resultDescription;
  const responseId = response.responseId;
  const detail = `resultCode ${code ?? '?'}${description ? `: ${description}` : ''}`;
  const common = {
    operation: ctx.operation,
    ...(responseId === undefined ? {} : { responseId }),
    httpStatus,
  };

  if (code === SFT_RESULT_CODES.timedOutVerifyCompletion.code) {
    const outcome = afterSending(ctx);
    const next =
      outcome === 'unknown'
        ? 'SFT keeps processing and may finish: verify with a read before trying again.'
        : 'Nothing changed; the read may be sent again.';
    return new SftTimeoutError(`${ctx.operation}: SFT reports the operation timed out (${detail}). ${next}`, {
      operation: ctx.operation,
      outcome,
      method: ctx.method,
      source: 'platform',
    });
  }
  if (response.resultCode === '0') return undefined;
  if (code === SFT_RESULT_CODES.tokenExpired.code) {
    return new TokenExpiredSignal(`${ctx.operation}: access token expired`, { operation: ctx.operation });
  }
  if (code === SFT_RESULT_CODES.badCredentials.code) {
    return new SftAuthError('SFT login failed: bad username or password (10126). Check the credentials.', {
      ...common,
      reason: 'bad-credentials',
      resultCode: code,
    });
  }
  if (code === SFT_RESULT_CODES.accountLocked.code) {
    return new SftAuthError(
      'SFT login failed: the account is locked after repeated failed logins (11044). Reset it with "Forgot Password" in the SFT portal.',
      { ...common, reason: 'account-locked', resultCode: code },
    );
  }
  if (description !== undefined && AUTHORISATION_FAILURE_PATTERN.test(description)) {
    return new SftAuthError(
      `${ctx.operation}: SFT answered "Authorisation Failure": this account may not call this API (endpoint APIs are Enterprise-only; a Reseller must log in with targetAccountId).`,
      { ...common, reason: 'not-authorised', ...(code === undefined ? {} : { resultCode: code }) },
    );
  }
  const outcome: SftOutcome =
    code === SFT_RESULT_CODES.failedVerifyCompletion.code ? afterSending(ctx) : 'not-applied';
  const next =
    outcome === 'unknown'
      ? 'It may have been applied partly: verify with a read before trying again.'
      : 'Nothing was applied; correct the request before retrying.';
  return new SftApiError(`${ctx.operation}: SFT refused the request (${detail}). ${next}`, {
    ...common,
    outcome,
    resultCode: code ?? 'unknown',
    ...(description === undefined ? {} : { resultDescription: description }),
  });
}

/**
 * Whether the transport may re-send a request that failed with `error`: 429 for any method; a GET
 * that timed out, lost its connection or got a 5xx; any request that was never sent. Never a
 * POST/PATCH whose outcome is unknown.
 */
export function isSafeToRetry(
  error: unknown,
  method: SftOperationSpec['method'],
  changesNothing = false,
): boolean {
  if (error instanceof SftRateLimitError) return true;
  if (!(error instanceof SftError) || error instanceof TokenExpiredSignal) return false;
  if (error.outcome === 'unknown') return false;
  if (error instanceof SftNetworkError) return true;
  if (method !== 'GET' && !changesNothing) return false;
  if (error instanceof SftTimeoutError) return true;
  return error instanceof SftApiError && error.httpStatus !== undefined && error.httpStatus >= 500;
}
