/** The README's msw example, kept true: the real client against `sftHandlers` in-process. */
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createSftClient } from '../../src/index.js';
import { sftHandlers } from '../../src/testing/msw.js';
import { createSftSimulator } from '../../src/testing/simulator.js';

const sim = createSftSimulator({ tps: 0, sims: 50, seed: 1 });
const server = setupServer(...sftHandlers(sim));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => sim.reset());
afterAll(() => server.close());

it('pre-creates an endpoint exactly once through msw at the default base URL', async () => {
  const client = createSftClient({ credentials: sim.credentials, defaults: { roamingProfileId: 'DEFAULT' } });
  const iccid = sim.listSims()[0]!.iccid;
  sim.failNext({ kind: 'lostAfterCommit', operation: 'createEndpoint' });
  await expect(client.createEndpoint({ name: 'inv-1', iccid })).rejects.toMatchObject({ outcome: 'unknown' });
  expect(sim.counters().endpointsCreatedByIccid[iccid]).toBe(1);
  expect((await client.findSimByIccid(iccid))?.attached).toBe(true);
});
