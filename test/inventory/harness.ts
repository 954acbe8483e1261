/**
 * Shared fixture of the inventory acceptance tests: a simulated platform served through msw, a client
 * pointed at it, and a pool of pre-active endpoints known to both the platform and the store.
 */
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createSftClient, type SftClient, type SftClientOptions } from '../../src/client.js';
import type { EndpointStore } from '../../src/store/types.js';
import { sftHandlers } from '../../src/testing/msw.js';
import {
  createSftSimulator,
  type SftSimulator,
  type SftSimulatorOptions,
} from '../../src/testing/simulator.js';

export const BASE_URL = 'https://sft.bics.com';

/** Starts msw over a fresh simulator for the test file; resets both between tests. */
export function useSimulator(options: SftSimulatorOptions = {}): {
  sim: SftSimulator;
  server: ReturnType<typeof setupServer>;
} {
  const sim = createSftSimulator({ tps: 0, sims: 600, ...options });
  const server = setupServer(...sftHandlers(sim, { baseUrl: BASE_URL }));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    sim.reset();
  });
  afterAll(() => server.close());
  return { sim, server };
}

/** A client of `sim` over msw. Unpaced unless `maxTps` is given; fast retries. */
export function clientFor(sim: SftSimulator, store: EndpointStore, options: Partial<SftClientOptions> = {}) {
  return createSftClient({
    credentials: sim.credentials,
    baseUrl: BASE_URL,
    store,
    maxTps: 10_000,
    concurrency: 8,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}

/**
 * Creates `count` pre-active endpoints on the platform (directly, behind the API) from the first free
 * SIMs, and records them in the client's store with `tag`. Resolves to their store records' keys.
 */
export async function stockPool(
  sim: SftSimulator,
  client: Pick<SftClient, 'store'>,
  count: number,
  tag = 'batch-1',
): Promise<{ iccid: string; endpointId: string }[]> {
  const free = sim.listSims().filter((s) => s.status === 'Ready To Activate' && !s.endpointId);
  if (free.length < count) throw new Error(`the simulator has only ${free.length} free SIMs`);
  const pool = free.slice(0, count).map((s, i) => {
    const name = `${tag}-${i}`;
    return { iccid: s.iccid, name, endpointId: sim.admin.createEndpoint({ name, iccid: s.iccid }) };
  });
  await client.store.upsertMany(pool.map((p) => ({ ...p, tags: [tag], state: 'pre-active' as const })));
  return pool.map(({ iccid, endpointId }) => ({ iccid, endpointId }));
}

/** Activations the simulator counted, per endpoint id. */
export function activations(sim: SftSimulator): Record<string, number> {
  return sim.counters().activationsByEndpoint;
}
