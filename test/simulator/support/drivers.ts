/**
 * The two transports the shared behaviour suite runs over. Each `start()` gives a fresh simulator
 * reachable at `baseUrl` with plain `fetch`.
 */
import { setupServer } from 'msw/node';
import { sftHandlers } from '../../../src/testing/msw.js';
import { startSftSimulator } from '../../../src/testing/server.js';
import {
  createSftSimulator,
  type SftSimulator,
  type SftSimulatorOptions,
} from '../../../src/testing/simulator.js';

/** A running simulator as the suite sees it. */
export interface DriverInstance {
  baseUrl: string;
  sim: SftSimulator;
  close(): Promise<void>;
}

/** One transport. */
export interface SimulatorDriver {
  name: string;
  /** Call once per file (beforeAll). */
  setup(): Promise<void>;
  /** Call once per file (afterAll). */
  teardown(): Promise<void>;
  start(options: SftSimulatorOptions): Promise<DriverInstance>;
}

/** In-process: msw intercepts fetch to https://sft.test. */
export function mswDriver(): SimulatorDriver {
  const server = setupServer();
  const baseUrl = 'https://sft.test';
  return {
    name: 'msw',
    async setup() {
      server.listen({ onUnhandledRequest: 'error' });
    },
    async teardown() {
      server.close();
    },
    async start(options) {
      const sim = createSftSimulator(options);
      server.resetHandlers(...sftHandlers(sim, { baseUrl }));
      return { baseUrl, sim, close: async () => server.resetHandlers() };
    },
  };
}

/** Over the network: a node:http server on 127.0.0.1, an ephemeral port per test. */
export function httpDriver(): SimulatorDriver {
  return {
    name: 'http',
    async setup() {},
    async teardown() {},
    async start(options) {
      const running = await startSftSimulator(options);
      return { baseUrl: running.url, sim: running.sim, close: running.close };
    },
  };
}
