import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { findSimByIccid, SftAuthError } from '../../../src/index.js';
import { fail, iccid, jwt, ok, rows, useFakeSft } from '../fixtures/fake-sft.js';

const { sft, makeClient } = useFakeSft();

describe('authentication', () => {
  it('logs in once on first use and reuses the token', async () => {
    sft.on('/api/fetchSIM', () => rows([]));
    const client = makeClient();
    await findSimByIccid(client, iccid(1));
    await findSimByIccid(client, iccid(2));
    expect(sft.logins).toBe(1);
  });

  it('100 concurrent calls meeting an expired token cause exactly one refresh, and all succeed', async () => {
    sft.on('/api/fetchSIM', () => rows([]));
    const client = makeClient();
    await findSimByIccid(client, iccid(1));
    sft.expireAllTokens();
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) => findSimByIccid(client, iccid(i))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(100);
    expect(sft.refreshes).toBe(1);
    expect(sft.logins).toBe(1);
    expect(client.transport.tokens.stats).toEqual({ logins: 1, refreshes: 1 });
  });

  it('100 concurrent first calls cause exactly one login', async () => {
    sft.on('/api/fetchSIM', () => rows([]));
    const client = makeClient();
    await Promise.all(Array.from({ length: 100 }, (_, i) => findSimByIccid(client, iccid(i))));
    expect(sft.logins).toBe(1);
  });

  it.each([
    ['HTTP 401', 'http-401'],
    ['HTTP 200 with resultCode "1" and resultParam.resultCode "401"', 'body-401'],
  ] as const)('replays the call once after refreshing a token expired by %s', async (_label, signal) => {
    sft.expirySignal = signal;
    sft.on('/api/EndPointActivation', () => ok());
    const client = makeClient();
    await client.activateEndpoint('1');
    sft.expireAllTokens();
    await client.activateEndpoint('2');
    expect(sft.refreshes).toBe(1);
    const activations = sft.to('/api/EndPointActivation');
    expect(activations.map((r) => r.headers['x-authorization'])).toEqual([
      'Bearer access-token-1-abcdef',
      'Bearer access-token-1-abcdef',
      'Bearer access-token-2-abcdef',
    ]);
    expect(sft.to('/api/RefreshToken')[0]?.headers['x-authorization']).toBe('Bearer refresh-token-1-uvwxyz');
  });

  it('reads the access token when the pacer lets the request go, not while it waits in the queue', async () => {
    let gate: Promise<void> | undefined;
    let open: () => void = () => {};
    const pacer = {
      acquire: async () => {
        const wait = gate;
        gate = undefined;
        await wait;
      },
      onLimitAnnounced: () => {},
      onRateLimited: () => {},
      onSuccess: () => {},
      currentTps: Number.POSITIVE_INFINITY,
    };
    sft.on('/api/EndPointActivation', () => ok());
    const client = makeClient({ pacer });
    await client.activateEndpoint('1');
    sft.expireAllTokens();
    gate = new Promise((resolve) => {
      open = resolve;
    });
    const queued = client.activateEndpoint('2'); // waits in the pacer while the token is replaced
    await client.activateEndpoint('3'); // meets the expired token: refresh, replay
    open();
    await queued;
    const sentFor = (id: string) =>
      sft
        .to('/api/EndPointActivation')
        .filter((r) => (r.body as { Request: { endPointId: string } }).Request.endPointId === id)
        .map((r) => r.headers['x-authorization']);
    expect(sentFor('2')).toEqual(['Bearer access-token-2-abcdef']);
    expect(sft.refreshes).toBe(1);
  });

  it('falls back to a fresh login when the refresh is refused', async () => {
    sft.on('/api/fetchSIM', () => rows([]));
    const client = makeClient();
    await findSimByIccid(client, iccid(1));
    sft.expireAllTokens();
    sft.on('/api/RefreshToken', () => new HttpResponse(null, { status: 401 }));
    await findSimByIccid(client, iccid(2));
    expect(sft.logins).toBe(2);
    expect(sft.to('/api/RefreshToken')).toHaveLength(1);
  });

  it('refreshes ahead of expiry when the JWT carries exp, before sending the call', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const start = Date.now();
      sft.tokenFactory = (n) => ({
        AccessToken: jwt({ n, exp: Math.floor(Date.now() / 1000) + 120 }),
        RefreshToken: jwt({ n, typ: 'refresh' }),
      });
      sft.on('/api/fetchSIM', () => rows([]));
      const client = makeClient({ tokenRefreshSkewMs: 60_000 });
      await findSimByIccid(client, iccid(1));
      expect(sft.refreshes).toBe(0);
      vi.setSystemTime(start + 100_000); // 20 s before exp: inside the 60 s margin
      await findSimByIccid(client, iccid(2));
      expect(sft.refreshes).toBe(1);
      const calls = sft.to('/api/fetchSIM');
      expect(calls).toHaveLength(2); // no call was rejected and replayed
      expect(calls[0]?.headers['x-authorization']).not.toBe(calls[1]?.headers['x-authorization']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('uses a token that arrives already expired by its exp instead of refreshing before every call', async () => {
    sft.tokenFactory = (n) => ({ AccessToken: jwt({ n, exp: 1 }), RefreshToken: jwt({ n, typ: 'refresh' }) });
    sft.on('/api/fetchSIM', () => rows([]));
    const client = makeClient();
    await findSimByIccid(client, iccid(1));
    await findSimByIccid(client, iccid(2));
    expect(sft.logins).toBe(1);
    expect(sft.refreshes).toBe(0);
  });

  it('maps 10126 to SftAuthError bad-credentials and never retries the login', async () => {
    sft.on('/api/login', () => fail('10126', 'Invalid username or password'));
    const error = await findSimByIccid(makeClient(), iccid(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftAuthError);
    expect(error).toMatchObject({ reason: 'bad-credentials', resultCode: '10126', outcome: 'not-applied' });
    expect(sft.to('/api/login')).toHaveLength(1);
  });

  it('maps 11044 to SftAuthError account-locked', async () => {
    sft.on('/api/login', () => fail('11044', 'Account blocked'));
    await expect(findSimByIccid(makeClient(), iccid(1))).rejects.toMatchObject({
      name: 'SftAuthError',
      reason: 'account-locked',
      resultCode: '11044',
    });
  });

  it('maps "Authorisation Failure" to SftAuthError not-authorised', async () => {
    sft.on('/api/EndPointActivation', () => fail('1000', 'Authorisation Failure'));
    await expect(makeClient().activateEndpoint('1')).rejects.toMatchObject({
      name: 'SftAuthError',
      reason: 'not-authorised',
    });
  });

  it('gives SftAuthError token-rejected when a freshly refreshed token is rejected too', async () => {
    sft.on('/api/fetchSIM', () => new HttpResponse(null, { status: 401 }));
    const error = await findSimByIccid(makeClient(), iccid(1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftAuthError);
    expect(error).toMatchObject({ reason: 'token-rejected' });
    expect(sft.to('/api/fetchSIM')).toHaveLength(2);
  });
});
