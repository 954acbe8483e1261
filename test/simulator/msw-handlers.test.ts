import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sftHandlers } from '../../src/testing/msw.js';
import { createSftSimulator } from '../../src/testing/simulator.js';
import { call, login } from './support/raw-client.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('sftHandlers', () => {
  it('serves a base URL with a path prefix (e.g. behind a gateway)', async () => {
    const sim = createSftSimulator({ sims: 2, tps: 0 });
    server.use(...sftHandlers(sim, { baseUrl: 'https://gw.test/sft/' }));
    const tokens = await login('https://gw.test/sft', sim.credentials);
    expect((await call('https://gw.test/sft', 'fetchSims', { token: tokens.access })).status).toBe(200);
  });

  it('defaults to https://sft.bics.com, the SDK default base URL', async () => {
    const sim = createSftSimulator({ sims: 2, tps: 0 });
    server.use(...sftHandlers(sim));
    expect((await call('https://sft.bics.com', 'login', { body: sim.credentials })).status).toBe(200);
  });
});
