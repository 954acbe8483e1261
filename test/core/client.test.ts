import { describe, expect, it } from 'vitest';
import {
  createSftClient,
  findSimByIccid,
  LONG_TIMEOUT_MS,
  type RequestPacer,
  SFT_OPERATIONS,
  SftValidationError,
} from '../../src/index.js';
import { BASE_URL, iccid, ok, PASSWORD, rows, USERNAME, useFakeSft } from './fixtures/fake-sft.js';

const { sft, makeClient } = useFakeSft();

function countingPacer(): RequestPacer & { acquired: number; announced: number[] } {
  const pacer = {
    acquired: 0,
    announced: [] as number[],
    acquire: async () => {
      pacer.acquired++;
    },
    onLimitAnnounced: (tps: number) => pacer.announced.push(tps),
    onRateLimited: () => {},
    onSuccess: () => {},
    currentTps: 2,
  };
  return pacer;
}

describe('createSftClient', () => {
  it('refuses to start without credentials, naming the missing field', () => {
    const error = (() => {
      try {
        createSftClient({ credentials: { username: 'u', password: '' } });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SftValidationError);
    expect((error as SftValidationError).issues).toEqual([
      { field: 'credentials.password', message: 'password is required' },
    ]);
  });

  it('refuses a plain-http base URL to a remote host, accepts it with allowInsecureHttp', () => {
    const credentials = { username: USERNAME, password: PASSWORD };
    expect(() => createSftClient({ baseUrl: 'http://sft.example.com', credentials })).toThrow(
      /allowInsecureHttp/,
    );
    expect(
      createSftClient({ baseUrl: 'http://sft.example.com', credentials, allowInsecureHttp: true }).baseUrl,
    ).toBe('http://sft.example.com');
  });

  it('defaults to https://sft.bics.com, a memory store and a token-bucket pacer at 2 requests/s', () => {
    const client = createSftClient({ credentials: { username: USERNAME, password: PASSWORD } });
    expect(client.baseUrl).toBe('https://sft.bics.com');
    expect(client.pacer.currentTps).toBe(2);
    expect(typeof client.store.claim).toBe('function');
    expect(client.transport.operation('createEndpoint')).toEqual(SFT_OPERATIONS.createEndpoint);
    expect(client.transport.operation('createEndpoint').timeoutMs).toBe(LONG_TIMEOUT_MS);
  });

  it('applies timeouts and operation overrides on top of the built-in table', () => {
    const client = makeClient({
      timeouts: { fetchSims: 1234 },
      operations: { listEndpoints: { path: '/api/GetEndPointList' } },
    });
    expect(client.transport.operation('fetchSims')).toMatchObject({ path: '/api/fetchSIM', timeoutMs: 1234 });
    expect(client.transport.operation('listEndpoints')).toMatchObject({
      method: 'GET',
      path: '/api/GetEndPointList',
    });
    expect(SFT_OPERATIONS.listEndpoints.path).toBe('/api/GetEndPoints');
  });

  it('asks the pacer before every request, login included, and reports X-Rate-Limit-TPS', async () => {
    sft.on('/api/fetchSIM', () =>
      ok({ responseParam: { rows: [] } }, { headers: { 'X-Rate-Limit-TPS': '7' } }),
    );
    const pacer = countingPacer();
    const client = makeClient({ pacer });
    await findSimByIccid(client, iccid(1));
    await findSimByIccid(client, iccid(2));
    expect(pacer.acquired).toBe(sft.requests.length);
    expect(pacer.acquired).toBe(3);
    expect(pacer.announced).toEqual([7, 7]);
  });

  it('the client signal aborts its calls', async () => {
    sft.on('/api/fetchSIM', () => sft.hang());
    const controller = new AbortController();
    const client = makeClient({ signal: controller.signal });
    const pending = findSimByIccid(client, iccid(1));
    setTimeout(() => controller.abort(new Error('shutdown')), 5);
    await expect(pending).rejects.toThrow('shutdown');
  });

  it('methods mirror the API functions', async () => {
    sft.on('/api/fetchSIM', () => rows([{ iccid: iccid(4), endPointId: '9', simAttachStatus: 'ATTACHED' }]));
    const client = makeClient();
    await expect(client.findSimByIccid(iccid(4))).resolves.toMatchObject({ endpointId: '9', attached: true });
    const sims = [];
    for await (const sim of client.fetchSims()) sims.push(sim);
    expect(sims).toHaveLength(1);
    expect(BASE_URL.startsWith('http://127.')).toBe(true);
  });
});
