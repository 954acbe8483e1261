/**
 * Shared fixture of the provisioning tests: an HTTP simulator on 127.0.0.1, a client pointed at it,
 * rows built from the simulator's SIM inventory, and the checks "exactly once" and "store equals
 * platform".
 */
import { expect } from 'vitest';
import { createSftClient, type SftClient, type SftClientOptions } from '../../src/client.js';
import { memoryStore } from '../../src/store/memory.js';
import type { EndpointStore, StoredEndpoint } from '../../src/store/types.js';
import {
  type RunningSftSimulator,
  type StartSftSimulatorOptions,
  startSftSimulator,
} from '../../src/testing/server.js';
import type { SftSimulator } from '../../src/testing/simulator.js';
import type { CreateEndpointInput } from '../../src/types.js';

/** Starts an HTTP simulator (rate limit off unless given). */
export function startSim(options: StartSftSimulatorOptions = {}): Promise<RunningSftSimulator> {
  return startSftSimulator({ tps: 0, sims: 300, ...options });
}

/** A client of `running`: unpaced unless `maxTps`/`pacer` given, fast retries, the memory store by default. */
export function clientFor(running: RunningSftSimulator, options: Partial<SftClientOptions> = {}): SftClient {
  return createSftClient({
    credentials: running.credentials,
    baseUrl: running.url,
    store: memoryStore(),
    maxTps: 100_000,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    defaults: { roamingProfileId: '3017' },
    ...options,
  });
}

/** One create row per SIM of the simulator's inventory, from `from` (default 0), `count` of them. */
export function rowsOf(sim: SftSimulator, count: number, from = 0): CreateEndpointInput[] {
  return sim
    .listSims()
    .slice(from, from + count)
    .map((s, i) => ({ name: `inv-${from + i}`, iccid: s.iccid }));
}

/** Fast engine retries for tests (milliseconds instead of seconds). */
export const FAST_RETRY = { minDelayMs: 1, maxDelayMs: 10 } as const;

/** Every stored endpoint. */
export async function allStored(store: EndpointStore): Promise<StoredEndpoint[]> {
  const out: StoredEndpoint[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.list({}, { limit: 500, ...(cursor === undefined ? {} : { cursor }) });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return out;
}

/**
 * Asserts exactly-once for `rows`: each ICCID is linked to exactly one endpoint on the platform,
 * no endpoint was created twice for one ICCID, and the store holds the same endpoint id, pre-active.
 */
export async function expectExactlyOnce(
  sim: SftSimulator,
  store: EndpointStore,
  rows: readonly CreateEndpointInput[],
) {
  const counters = sim.counters();
  const duplicates = Object.entries(counters.endpointsCreatedByIccid).filter(([, n]) => n > 1);
  expect(duplicates).toEqual([]);
  const endpointsByIccid = new Map<string, string[]>();
  for (const e of sim.listEndpoints()) {
    if (e.iccid === undefined) continue;
    endpointsByIccid.set(e.iccid, [...(endpointsByIccid.get(e.iccid) ?? []), e.endpointId]);
  }
  const stored = new Map((await allStored(store)).map((s) => [s.iccid, s]));
  for (const row of rows) {
    const onPlatform = endpointsByIccid.get(row.iccid) ?? [];
    expect(onPlatform, `platform endpoints of ${row.iccid}`).toHaveLength(1);
    const record = stored.get(row.iccid);
    expect(record?.endpointId, `stored endpoint of ${row.iccid}`).toBe(onPlatform[0]);
    expect(record?.state).toBe('pre-active');
    expect(sim.getEndpoint(onPlatform[0]!)?.status).toBe('Pre-Active');
  }
}
