/** One fixture builder for simulator tests: a fresh simulator per test, logged in, on a manual clock. */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { SftSimulatorOptions } from '../../../src/testing/simulator.js';
import type { SftOperationName } from '../../../src/transport/operations.js';
import type { DriverInstance, SimulatorDriver } from './drivers.js';
import { type ManualClock, manualClock } from './manual-clock.js';
import { call, createBody, login, type RawAnswer, type RawCall } from './raw-client.js';

/** What a test gets. */
export interface SimTest extends DriverInstance {
  clock: ManualClock;
  /** The Enterprise access token. */
  token: string;
  refreshToken: string;
  /** Calls an operation with the Enterprise token (unless `token` is given). */
  send(operation: SftOperationName, options?: RawCall): Promise<RawAnswer>;
  /** Creates an endpoint for the n-th SIM (0-based), Pre-Active unless overridden; returns its id. */
  createFor(simIndex: number, param?: Record<string, unknown>): Promise<string>;
  /** The n-th SIM's ICCID. */
  iccid(simIndex: number): string;
}

/** Registers per-file setup/teardown on `driver` and returns `start(options)`. */
export function useSimulator(driver: SimulatorDriver) {
  const open: DriverInstance[] = [];
  beforeAll(() => driver.setup());
  afterAll(() => driver.teardown());
  afterEach(async () => {
    for (const instance of open.splice(0)) await instance.close();
  });

  return async function start(options: SftSimulatorOptions = {}): Promise<SimTest> {
    const clock = manualClock();
    const instance = await driver.start({ tps: 0, sims: 20, seed: 42, now: clock.now, ...options });
    open.push(instance);
    const tokens = await login(instance.baseUrl, instance.sim.credentials);
    const sims = instance.sim.listSims();
    const test: SimTest = {
      ...instance,
      clock,
      token: tokens.access,
      refreshToken: tokens.refresh,
      send: (operation, callOptions = {}) =>
        call(instance.baseUrl, operation, { token: tokens.access, ...callOptions }),
      iccid: (i) => sims[i]!.iccid,
      async createFor(i, param = {}) {
        const answer = await test.send('createEndpoint', {
          body: createBody({
            name: `ep-${i}`,
            isLinkSIM: 'true',
            iccid: sims[i]!.iccid,
            isDefaultActivation: 'false',
            ...param,
          }),
        });
        if (answer.body?.Response?.resultCode !== '0')
          throw new Error(`create failed: ${JSON.stringify(answer.body)}`);
        return answer.body.Response.endPointId;
      },
    };
    return test;
  };
}
