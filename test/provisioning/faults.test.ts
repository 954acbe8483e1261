/**
 * Acceptance: 2,000 rows against a simulator at 50 TPS with 5% 5xx, 3% lost-after-commit, 2% dropped
 * connections and a 5 s access-token lifetime → every ICCID linked to exactly one endpoint, none
 * created twice, and the store equal to the platform.
 *
 * To keep the wall time modest, the simulator and the client's pacer share a clock that runs
 * SPEED times faster than real time: the rate limit (50 per simulated second) and the token lifetime
 * (5 simulated seconds) are enforced on that clock, so the run is the same workload, compressed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { delay } from '../../src/internal/signals.js';
import { createBulkEndpoints } from '../../src/provisioning/bulk.js';
import type { RunningSftSimulator } from '../../src/testing/server.js';
import { createTokenBucketPacer } from '../../src/transport/token-bucket.js';
import { allStored, clientFor, expectExactlyOnce, FAST_RETRY, rowsOf, startSim } from './fixture.js';

const SPEED = 5;
const ROWS = 2_000;
const epoch0 = Date.now();
const perf0 = performance.now();
/** Epoch milliseconds on the shared fast clock. */
const fastNow = () => epoch0 + (performance.now() - perf0) * SPEED;

let running: RunningSftSimulator;
beforeAll(async () => {
  running = await startSim({
    sims: ROWS,
    tps: 50,
    accessTokenTtlSeconds: 5,
    now: fastNow,
    faults: { serverError: 0.05, lostAfterCommit: 0.03, dropAfterCommit: 0.02 },
  });
});
afterAll(() => running.close());

describe('createBulkEndpoints under faults', () => {
  it('links every ICCID to exactly one endpoint, creates none twice, and leaves the store equal to the platform', async () => {
    const pacer = createTokenBucketPacer({
      tps: 50,
      now: fastNow,
      sleep: (ms, signal) => delay(ms / SPEED, signal),
    });
    const client = clientFor(running, { pacer });
    const rows = rowsOf(running.sim, ROWS);

    const summary = await createBulkEndpoints(client, rows, {
      tag: 'faults',
      retry: { ...FAST_RETRY, retries: 10 },
    });

    // First the run's own verdict, so that a failure names the fatal error rather than a symptom.
    expect(summary.fatalError?.message).toBeUndefined();
    expect(summary).toMatchObject({ total: ROWS, failed: 0, aborted: false });

    const counters = running.sim.counters();
    const faults = counters.faultsInjected;
    // The faults really happened, and the engine had to reconcile them.
    expect(faults.serverError).toBeGreaterThan(10);
    expect(faults.lostAfterCommit).toBeGreaterThan(10);
    expect(faults.dropAfterCommit).toBeGreaterThan(5);
    expect(counters.refreshes + counters.logins).toBeGreaterThan(3);
    expect(summary.recovered).toBeGreaterThan(0);
    expect(summary.created + summary.recovered).toBe(ROWS);

    await expectExactlyOnce(running.sim, client.store, rows);
    // Store equals platform: the same set of endpoints, nothing extra on either side.
    const stored = await allStored(client.store);
    const platform = running.sim.listEndpoints();
    expect(new Set(stored.map((s) => s.endpointId))).toEqual(new Set(platform.map((e) => e.endpointId)));
    expect(stored).toHaveLength(ROWS);
  });
});
