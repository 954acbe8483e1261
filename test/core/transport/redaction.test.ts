import { inspect } from 'node:util';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { findSimByIccid, type SftLogger } from '../../../src/index.js';
import { MAX_ROTATING_SECRETS, Redactor } from '../../../src/internal/redact.js';
import { fail, iccid, jwt, ok, PASSWORD, rows, useFakeSft } from '../fixtures/fake-sft.js';

const { sft, makeClient } = useFakeSft();

/** A logger capturing every line (message + serialised fields) at every level. */
function captureLogger(): { logger: SftLogger; lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push(`${level} ${message} ${fields === undefined ? '' : JSON.stringify(fields)}`);
  return {
    logger: { debug: push('debug'), info: push('info'), warn: push('warn'), error: push('error') },
    lines,
  };
}

function errorText(error: unknown): string {
  const e = error as Error & Record<string, unknown>;
  return `${e.name} ${e.message} ${JSON.stringify({ ...e })} ${e.stack ?? ''}`;
}

describe('redaction', () => {
  it('with a logger at debug level, no log line or error message contains the password or a token', async () => {
    sft.tokenFactory = (n) => ({
      AccessToken: jwt({ sub: 'demo', n, exp: Math.floor(Date.now() / 1000) + 3600 }),
      RefreshToken: jwt({ sub: 'demo', n, typ: 'refresh' }),
    });
    const issued: string[] = [];
    const issue = sft.issue.bind(sft);
    sft.issue = () => {
      const pair = issue();
      issued.push(pair.AccessToken, pair.RefreshToken);
      return pair;
    };
    // A platform that echoes the bearer back in a failure description.
    sft.on('/api/LinkSim', (req) =>
      fail('10117', `Incorrect value; header was ${req.headers['x-authorization']}`),
    );
    sft.on('/api/fetchSIM', () => rows([]));
    sft.on('/api/CreateEndPoint', () => new HttpResponse(null, { status: 503 }));
    sft.on('/api/EndPointActivation', () => ok());

    const { logger, lines } = captureLogger();
    const client = makeClient({ logger, logLevel: 'debug' });
    const errors: unknown[] = [];
    await findSimByIccid(client, iccid(1));
    sft.expireAllTokens();
    await client.activateEndpoint('1'); // refresh + replay
    errors.push(await client.linkSim('1', iccid(2)).catch((e: unknown) => e));
    errors.push(await client.createEndpoint({ name: 'x', iccid: iccid(3) }).catch((e: unknown) => e));
    sft.on('/api/RefreshToken', () => new HttpResponse(null, { status: 401 }));
    sft.on('/api/login', () => fail('10126', `bad password ${PASSWORD}`));
    sft.expireAllTokens();
    errors.push(await client.activateEndpoint('1').catch((e: unknown) => e));

    expect(issued.length).toBeGreaterThanOrEqual(4);
    expect(lines.length).toBeGreaterThan(10);
    expect(errors).toHaveLength(3);
    const haystack = [...lines, ...errors.map(errorText)];
    for (const text of haystack) {
      expect(text).not.toContain(PASSWORD);
      for (const token of issued) expect(text).not.toContain(token);
    }
    expect(lines.some((l) => l.includes('[REDACTED]'))).toBe(true);
  });

  it('keeps no token anywhere in a timeout error, its cause chain included', async () => {
    sft.on('/api/CreateEndPoint', () => sft.hang());
    const client = makeClient();
    const error = await client
      .createEndpoint({ name: 'x', iccid: iccid(1) }, { timeoutMs: 20 })
      .catch((e: unknown) => e);
    const dump = inspect(error, { depth: 10, showHidden: true });
    expect(dump).toContain('SftTimeoutError');
    expect(dump).not.toContain('access-token-');
    expect(dump).not.toContain(PASSWORD);
  });

  it('keeps no token in a network error whose cause quotes the request header', async () => {
    const seen: string[] = [];
    const fetchImpl: typeof fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname !== '/api/CreateEndPoint') return globalThis.fetch(input, init);
      const header = new Headers(input instanceof Request ? input.headers : init?.headers).get(
        'x-authorization',
      );
      seen.push(String(header));
      // As undici words an invalid header value: the value itself is quoted.
      throw new TypeError(`Headers.append: "${header}" is an invalid header value.`, {
        cause: Object.assign(new Error(`socket closed while sending ${header}`), { code: 'ECONNRESET' }),
      });
    };
    const error = await makeClient({ fetch: fetchImpl })
      .createEndpoint({ name: 'x', iccid: iccid(1) })
      .catch((e: unknown) => e);
    expect(seen[0]).toMatch(/^Bearer access-token-/);
    expect(error).toMatchObject({ name: 'SftNetworkError', code: 'ECONNRESET', outcome: 'unknown' });
    const dump = inspect(error, { depth: 10, showHidden: true });
    expect(dump).toContain('[REDACTED]');
    expect(dump).not.toContain('access-token-');
  });

  it('writes nothing by default, and only lines at or above logLevel', async () => {
    sft.on('/api/fetchSIM', () => rows([]));
    const { logger, lines } = captureLogger();
    await findSimByIccid(makeClient({ logger, logLevel: 'warn' }), iccid(1));
    expect(lines).toEqual([]);
    await findSimByIccid(makeClient({ logger, logLevel: 'debug' }), iccid(1));
    expect(lines.length).toBeGreaterThan(0);
  });

  it('Redactor keeps the password for ever but only the latest rotating tokens', () => {
    const r = new Redactor();
    r.addSecret('hunter2-password');
    for (let i = 0; i < MAX_ROTATING_SECRETS + 10; i++)
      r.addSecret(`opaque-token-${i}-x`, { rotating: true });
    expect(r.redactText('hunter2-password')).toBe('[REDACTED]');
    expect(r.redactText(`opaque-token-${MAX_ROTATING_SECRETS + 9}-x`)).toBe('[REDACTED]');
    expect(r.redactText('opaque-token-0-x')).toBe('opaque-token-0-x');
  });

  it('Redactor hides registered secrets, bearer headers, JWTs and secret-named fields', () => {
    const r = new Redactor();
    r.addSecret('hunter2-password');
    const token = jwt({ sub: 'x' });
    expect(r.redactText('pw=hunter2-password')).toBe('pw=[REDACTED]');
    expect(r.redactText('X-Authorization: Bearer abc.def')).toBe('X-Authorization: Bearer [REDACTED]');
    expect(r.redactText(`token ${token} end`)).toBe('token [REDACTED] end');
    expect(
      r.redactValue({ password: 'p', nested: { RefreshToken: 'r', ok: 'fine' }, list: ['hunter2-password'] }),
    ).toEqual({
      password: '[REDACTED]',
      nested: { RefreshToken: '[REDACTED]', ok: 'fine' },
      list: ['[REDACTED]'],
    });
  });
});
