import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  findSimByIccid,
  getEndpointProfile,
  isUnknownOutcome,
  SftApiError,
  SftNetworkError,
  SftRateLimitError,
  SftTimeoutError,
} from '../../../src/index.js';
import { fail, iccid, ok, rows, useFakeSft } from '../fixtures/fake-sft.js';

const { sft, makeClient } = useFakeSft();

/** A fetch that fails with a system error on `path` the first `times` calls, else uses the global fetch. */
function failingFetch(path: string, code: string, times = Number.POSITIVE_INFINITY): typeof fetch {
  let failures = 0;
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname === path && failures < times) {
      failures++;
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code}`), { code }) });
    }
    return globalThis.fetch(input, init);
  };
}

const create = { name: 'inv-1', iccid: iccid(1) };

/** An answer whose status and headers arrive but whose body never ends (cancelled with the request). */
function stalledBody(): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"Response":'));
    },
  });
  return new HttpResponse(body, { status: 200, headers: { 'Content-Type': 'application/json' } });
}

describe('error mapping', () => {
  it('a POST that times out gives SftTimeoutError with outcome unknown and is sent exactly once', async () => {
    sft.on('/api/CreateEndPoint', () => sft.hang());
    const client = makeClient();
    const error = await client.createEndpoint(create, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftTimeoutError);
    expect(error).toMatchObject({ outcome: 'unknown', source: 'client', method: 'POST', timeoutMs: 50 });
    expect(isUnknownOutcome(error)).toBe(true);
    expect(sft.to('/api/CreateEndPoint')).toHaveLength(1);
    expect(await client.store.getByIccid(iccid(1))).toBeUndefined();
  });

  it('the timeout covers the answer body too: headers then silence after a POST is SftTimeoutError unknown, sent once', async () => {
    sft.on('/api/CreateEndPoint', () => stalledBody());
    const error = await makeClient()
      .createEndpoint(create, { timeoutMs: 50 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftTimeoutError);
    expect(error).toMatchObject({ outcome: 'unknown', source: 'client', method: 'POST', timeoutMs: 50 });
    expect(sft.to('/api/CreateEndPoint')).toHaveLength(1);
  });

  it('a GET whose answer body stalls is retried, then gives SftTimeoutError not-applied', async () => {
    sft.on('/api/GetEndPointProfile', () => stalledBody());
    const error = await getEndpointProfile(makeClient({ retry: { retries: 1, minDelayMs: 1 } }), '1', {
      timeoutMs: 30,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SftTimeoutError', outcome: 'not-applied', method: 'GET' });
    expect(sft.to('/api/GetEndPointProfile')).toHaveLength(2);
  });

  it('uses the per-operation timeout from the client options', async () => {
    sft.on('/api/EndPointActivation', () => sft.hang());
    const error = await makeClient({ timeouts: { activateEndpoint: 30 } })
      .activateEndpoint('1')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SftTimeoutError', timeoutMs: 30, outcome: 'unknown' });
  });

  it('a GET that times out is retried, then gives SftTimeoutError with outcome not-applied', async () => {
    sft.on('/api/GetEndPointProfile', () => sft.hang());
    const error = await getEndpointProfile(makeClient({ retry: { retries: 2, minDelayMs: 1 } }), '1', {
      timeoutMs: 20,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SftTimeoutError', outcome: 'not-applied', method: 'GET' });
    expect(sft.to('/api/GetEndPointProfile')).toHaveLength(3);
  });

  it('maps the documented 10240 answer after a POST to SftTimeoutError (platform, unknown), not re-sent', async () => {
    sft.on('/api/CreateEndPoint', () =>
      fail(
        '10240',
        'API operation has Time out. Request has been received and is has timeout before we receive the response.',
      ),
    );
    const error = await makeClient()
      .createEndpoint(create)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftTimeoutError);
    expect(error).toMatchObject({ source: 'platform', outcome: 'unknown' });
    expect(sft.to('/api/CreateEndPoint')).toHaveLength(1);
  });

  it('re-sends a GET answered with 10240', async () => {
    let n = 0;
    sft.on('/api/fetchSIM', () => (++n === 1 ? fail('10240', 'API operation has Time out.') : rows([])));
    await expect(findSimByIccid(makeClient(), iccid(1))).resolves.toBeUndefined();
    expect(n).toBe(2);
  });

  it('maps a failure envelope to SftApiError with resultCode, description, responseId and HTTP status', async () => {
    sft.on('/api/LinkSim', () => fail('10117', 'Incorrect value in iccid'));
    const error = await makeClient()
      .linkSim('1', iccid(2))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftApiError);
    expect(error).toMatchObject({
      resultCode: '10117',
      resultDescription: 'Incorrect value in iccid',
      responseId: 'resp-f',
      httpStatus: 200,
      operation: 'linkSim',
      outcome: 'not-applied',
    });
    expect((error as Error).message).toContain('correct the request');
  });

  it('maps 10239 after a POST to SftApiError with outcome unknown', async () => {
    sft.on('/api/DeLinkSim', () => fail('10239', 'Operation failed, verify completion'));
    await expect(makeClient().delinkSim('1')).rejects.toMatchObject({
      name: 'SftApiError',
      resultCode: '10239',
      outcome: 'unknown',
    });
  });

  it('retries 429 (any method) and succeeds; the platform TPS reaches the pacer', async () => {
    let n = 0;
    const announced: number[] = [];
    sft.on('/api/CreateEndPoint', () =>
      ++n <= 2
        ? new HttpResponse(null, { status: 429, headers: { 'X-Rate-Limit-TPS': '5', 'Retry-After': '0' } })
        : ok({ endPointId: '9' }),
    );
    let rateLimited = 0;
    const client = makeClient({
      pacer: {
        acquire: async () => {},
        onLimitAnnounced: (tps) => announced.push(tps),
        onRateLimited: () => rateLimited++,
        onSuccess: () => {},
        currentTps: 1,
      },
    });
    await expect(client.createEndpoint(create)).resolves.toMatchObject({ endpointId: '9' });
    expect(n).toBe(3);
    expect(rateLimited).toBe(2);
    expect(announced).toEqual([5, 5]);
  });

  it('gives SftRateLimitError (not-applied, tps, retryAfterMs) when 429 persists', async () => {
    sft.on('/api/CreateEndPoint', () =>
      HttpResponse.json({}, { status: 429, headers: { 'X-Rate-Limit-TPS': '2', 'Retry-After': '0' } }),
    );
    const error = await makeClient({ retry: { retries: 1 } })
      .createEndpoint(create)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftRateLimitError);
    expect(error).toMatchObject({ tps: 2, retryAfterMs: 0, outcome: 'not-applied', httpStatus: 429 });
    expect(sft.to('/api/CreateEndPoint')).toHaveLength(2);
  });

  it('retries a GET answered with a 5xx', async () => {
    let n = 0;
    sft.on('/api/fetchSIM', () => (++n === 1 ? new HttpResponse('oops', { status: 503 }) : rows([])));
    await findSimByIccid(makeClient(), iccid(1));
    expect(n).toBe(2);
  });

  it('does not re-send a POST answered with a 5xx: SftApiError with outcome unknown', async () => {
    sft.on('/api/CreateEndPoint', () => new HttpResponse('oops', { status: 502 }));
    await expect(makeClient().createEndpoint(create)).rejects.toMatchObject({
      name: 'SftApiError',
      httpStatus: 502,
      outcome: 'unknown',
    });
    expect(sft.to('/api/CreateEndPoint')).toHaveLength(1);
  });

  it('maps a 4xx without envelope to SftApiError not-applied', async () => {
    sft.on('/api/CreateEndPoint', () => new HttpResponse('bad', { status: 400 }));
    await expect(makeClient().createEndpoint(create)).rejects.toMatchObject({
      name: 'SftApiError',
      httpStatus: 400,
      resultCode: 'HTTP_400',
      outcome: 'not-applied',
    });
  });

  it('maps HTTP 403 without envelope to SftAuthError not-authorised', async () => {
    sft.on('/api/EndPointActivation', () => new HttpResponse(null, { status: 403 }));
    await expect(makeClient().activateEndpoint('1')).rejects.toMatchObject({
      name: 'SftAuthError',
      reason: 'not-authorised',
      httpStatus: 403,
    });
  });

  it('re-sends a login answered with a 5xx (login changes nothing), then sends the call', async () => {
    let logins = 0;
    sft.on('/api/login', () =>
      ++logins === 1
        ? new HttpResponse('busy', { status: 503 })
        : HttpResponse.json({ AccessToken: 'access-token-x-abcdef', RefreshToken: 'refresh-token-x-uvwxyz' }),
    );
    sft.validTokens.add('access-token-x-abcdef');
    sft.on('/api/CreateEndPoint', () => ok({ endPointId: '3' }));
    await expect(makeClient().createEndpoint(create)).resolves.toMatchObject({ endpointId: '3' });
    expect(logins).toBe(2);
  });

  it('a login that times out is not an unknown outcome of the call it preceded (nothing was sent)', async () => {
    sft.on('/api/login', () => sft.hang());
    const error = await makeClient({ timeouts: { login: 20 }, retry: { retries: 1, minDelayMs: 1 } })
      .createEndpoint(create)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SftTimeoutError', operation: 'login', outcome: 'not-applied' });
    expect(isUnknownOutcome(error)).toBe(false);
    expect(sft.to('/api/login')).toHaveLength(2);
    expect(sft.to('/api/CreateEndPoint')).toHaveLength(0);
  });

  it('maps a login answered HTTP 401 to SftAuthError token-rejected', async () => {
    sft.on('/api/login', () => new HttpResponse(null, { status: 401 }));
    await expect(makeClient().activateEndpoint('1')).rejects.toMatchObject({
      name: 'SftAuthError',
      operation: 'login',
      httpStatus: 401,
    });
  });

  it('maps a 200 whose body is not an SFT envelope: unknown after a POST', async () => {
    sft.on('/api/CreateEndPoint', () => new HttpResponse('<html>proxy</html>', { status: 200 }));
    await expect(makeClient().createEndpoint(create)).rejects.toMatchObject({
      name: 'SftApiError',
      resultCode: 'INVALID_RESPONSE',
      outcome: 'unknown',
    });
  });

  it('re-sends a POST whose connection was refused (never sent), then succeeds', async () => {
    sft.on('/api/CreateEndPoint', () => ok({ endPointId: '5' }));
    const client = makeClient({ fetch: failingFetch('/api/CreateEndPoint', 'ECONNREFUSED', 2) });
    await expect(client.createEndpoint(create)).resolves.toMatchObject({ endpointId: '5' });
    expect(sft.to('/api/CreateEndPoint')).toHaveLength(1);
  });

  it.each(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED'])(
    'maps %s to SftNetworkError not-applied',
    async (code) => {
      const client = makeClient({ fetch: failingFetch('/api/CreateEndPoint', code), retry: { retries: 1 } });
      const error = await client.createEndpoint(create).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SftNetworkError);
      expect(error).toMatchObject({ code, outcome: 'not-applied' });
    },
  );

  it.each(['ECONNRESET', 'UND_ERR_SOCKET'])(
    'maps %s after a POST to SftNetworkError with outcome unknown, without re-sending',
    async (code) => {
      let attempts = 0;
      const fetchImpl: typeof fetch = async (input, init) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        if (url.pathname === '/api/CreateEndPoint') {
          attempts++;
          throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket'), { code }) });
        }
        return globalThis.fetch(input, init);
      };
      const error = await makeClient({ fetch: fetchImpl })
        .createEndpoint(create)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'SftNetworkError', code, outcome: 'unknown' });
      expect(attempts).toBe(1);
    },
  );

  it('maps a dropped connection (msw network error) after a POST to outcome unknown', async () => {
    sft.on('/api/CreateEndPoint', () => HttpResponse.error());
    await expect(makeClient().createEndpoint(create)).rejects.toMatchObject({
      name: 'SftNetworkError',
      outcome: 'unknown',
    });
    expect(sft.to('/api/CreateEndPoint')).toHaveLength(1);
  });

  it('rejects with the abort reason when the call is aborted', async () => {
    sft.on('/api/fetchSIM', () => sft.hang());
    const controller = new AbortController();
    const pending = findSimByIccid(makeClient(), iccid(1), { signal: controller.signal });
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 5);
    await expect(pending).rejects.toBe(reason);
  });

  it('treats "already active" (2507, claimed) as a benign activation answer', async () => {
    sft.on('/api/EndPointActivation', () => fail('2507', 'Endpoint already active'));
    await expect(makeClient().activateEndpoint('1')).resolves.toMatchObject({
      alreadyActive: true,
      resultCode: '2507',
    });
  });
});
