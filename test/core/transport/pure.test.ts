import { describe, expect, it } from 'vitest';
import { SftApiError, SftNetworkError, SftRateLimitError, SftTimeoutError } from '../../../src/errors.js';
import { fullJitterBackoff, SftValidationError, toWireValue } from '../../../src/index.js';
import { parseRetryAfter, retryDelayMs } from '../../../src/transport/backoff.js';
import { isLoopbackHost, resolveBaseUrl } from '../../../src/transport/base-url.js';
import { endpointRequest, paramsRequest } from '../../../src/transport/envelope.js';
import { isSafeToRetry, networkFailure } from '../../../src/transport/failures.js';
import { jwtExpiryMs } from '../../../src/transport/jwt.js';
import { resolveRetryOptions } from '../../../src/transport/retry-options.js';
import { jwt } from '../fixtures/fake-sft.js';

describe('backoff arithmetic', () => {
  const bounds = { minDelayMs: 100, maxDelayMs: 1000 };

  it('waits a uniformly random time below an exponentially growing cap (full jitter)', () => {
    expect(fullJitterBackoff(0, bounds, () => 0.999)).toBe(99);
    expect(fullJitterBackoff(1, bounds, () => 0.5)).toBe(100);
    expect(fullJitterBackoff(3, bounds, () => 0.5)).toBe(400);
    expect(fullJitterBackoff(0, bounds, () => 0)).toBe(0);
  });

  it('never exceeds maxDelayMs, however many attempts', () => {
    expect(fullJitterBackoff(50, bounds, () => 0.999)).toBe(999);
    expect(fullJitterBackoff(1e9, bounds, () => 0.999)).toBeLessThan(1000);
  });

  it('honours Retry-After, capped at maxRetryAfterMs', () => {
    const b = { ...bounds, maxRetryAfterMs: 5000 };
    expect(retryDelayMs(0, b, 2000, () => 0.5)).toBe(2000);
    expect(retryDelayMs(0, b, 90_000, () => 0.5)).toBe(5000);
    expect(retryDelayMs(2, b, undefined, () => 0.5)).toBe(200);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const now = Date.parse('2026-11-28T03:00:00Z');
    expect(parseRetryAfter('Sat, 28 Nov 2026 03:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('Sat, 28 Nov 2026 02:00:00 GMT', now)).toBe(0);
  });

  it('fills retry defaults', () => {
    expect(resolveRetryOptions({ retries: 0 })).toEqual({
      retries: 0,
      minDelayMs: 250,
      maxDelayMs: 10_000,
      maxRetryAfterMs: 60_000,
    });
  });
});

describe('what is safe to retry', () => {
  const ctx = { operation: 'op', method: 'POST' as const };
  it.each([
    ['429, POST', new SftRateLimitError('x'), 'POST', true],
    [
      'refused connection, POST',
      networkFailure(new TypeError('x', { cause: { code: 'ECONNREFUSED' } }), ctx),
      'POST',
      true,
    ],
    [
      'reset connection, POST',
      networkFailure(new TypeError('x', { cause: { code: 'ECONNRESET' } }), ctx),
      'POST',
      false,
    ],
    [
      'client timeout, POST',
      new SftTimeoutError('x', { method: 'POST', source: 'client', outcome: 'unknown' }),
      'POST',
      false,
    ],
    ['client timeout, GET', new SftTimeoutError('x', { method: 'GET', source: 'client' }), 'GET', true],
    ['5xx, GET', new SftApiError('x', { resultCode: 'HTTP_503', httpStatus: 503 }), 'GET', true],
    [
      '5xx, POST',
      new SftApiError('x', { resultCode: 'HTTP_503', httpStatus: 503, outcome: 'unknown' }),
      'POST',
      false,
    ],
    ['business failure, GET', new SftApiError('x', { resultCode: '10117', httpStatus: 200 }), 'GET', false],
    ['dropped connection, GET', new SftNetworkError('x', { code: 'ECONNRESET' }), 'GET', true],
    ['a plain Error', new Error('x'), 'GET', false],
  ] as const)('%s → %s', (_label, error, method, expected) => {
    expect(isSafeToRetry(error, method)).toBe(expected);
  });

  it('finds the system error code in nested causes and aggregate errors', () => {
    const aggregate = new TypeError('fetch failed', {
      cause: new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })]),
    });
    expect(networkFailure(aggregate, ctx)).toMatchObject({ code: 'ECONNREFUSED', outcome: 'not-applied' });
  });
});

describe('base URL policy', () => {
  it('accepts https and strips the trailing slash', () => {
    expect(resolveBaseUrl('https://sft.bics.com/')).toBe('https://sft.bics.com');
    expect(resolveBaseUrl()).toBe('https://sft.bics.com');
  });

  it.each(['http://127.0.0.1:4010', 'http://127.8.9.10', 'http://localhost:4010', 'http://[::1]:4010'])(
    'accepts plain http to the loopback host %s',
    (url) => {
      expect(() => resolveBaseUrl(url)).not.toThrow();
    },
  );

  it('refuses plain http to other hosts unless allowInsecureHttp', () => {
    expect(() => resolveBaseUrl('http://sft.example.com')).toThrow(SftValidationError);
    expect(() => resolveBaseUrl('http://10.0.0.5')).toThrow(/allowInsecureHttp/);
    expect(resolveBaseUrl('http://sft.example.com', true)).toBe('http://sft.example.com');
  });

  it('refuses malformed URLs and other protocols', () => {
    expect(() => resolveBaseUrl('sft.bics.com')).toThrow(SftValidationError);
    expect(() => resolveBaseUrl('ftp://sft.bics.com')).toThrow(SftValidationError);
  });

  it('refuses a user name or password in the URL without echoing it, and a query string', () => {
    const error = (() => {
      try {
        resolveBaseUrl('https://demo:s3cret-pw@sft.bics.com');
      } catch (e) {
        return e as SftValidationError;
      }
    })();
    expect(error).toBeInstanceOf(SftValidationError);
    expect(error?.issues[0]?.field).toBe('baseUrl');
    expect(error?.message).not.toContain('s3cret-pw');
    expect(() => resolveBaseUrl('https://sft.bics.com/?token=abc')).toThrow(/query string/);
  });

  it('knows loopback hosts', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('localhost.evil.com')).toBe(false);
  });
});

describe('envelopes and JWTs', () => {
  it('sends booleans and numbers as strings, drops undefined', () => {
    expect(toWireValue({ a: true, b: 3017, c: undefined, d: ['x', 1], e: { f: false } })).toEqual({
      a: 'true',
      b: '3017',
      d: ['x', '1'],
      e: { f: 'false' },
    });
  });

  it('builds the documented and the endpoint-scoped envelopes', () => {
    expect(paramsRequest({ name: 'n' })).toEqual({ Request: { requestParam: { name: 'n' } } });
    expect(endpointRequest('12')).toEqual({ Request: { endPointId: '12' } });
    expect(endpointRequest('12', { iccid: '1' })).toEqual({
      Request: { endPointId: '12', requestParam: { iccid: '1' } },
    });
  });

  it('reads exp from a JWT without verifying it', () => {
    expect(jwtExpiryMs(jwt({ exp: 1700000000 }))).toBe(1_700_000_000_000);
    expect(jwtExpiryMs(jwt({ sub: 'x' }))).toBeUndefined();
    expect(jwtExpiryMs('opaque-token')).toBeUndefined();
    expect(jwtExpiryMs('a.!!!.c')).toBeUndefined();
  });
});
