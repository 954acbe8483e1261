import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSftSimulator, startSftSimulator } from '../../src/testing/server.js';
import { call, login } from './support/raw-client.js';

const running: RunningSftSimulator[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});

async function start(options: Parameters<typeof startSftSimulator>[0] = {}) {
  const server = await startSftSimulator({ sims: 5, tps: 0, ...options });
  running.push(server);
  return server;
}

describe('HTTP simulator server', () => {
  it('listens on 127.0.0.1 on an ephemeral port by default and returns the demo credentials', async () => {
    const server = await start();
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.credentials).toEqual({ username: 'demo-enterprise', password: 'demo-password' });
    expect(server.credentials).toEqual(server.sim.credentials);
  });

  it('maps latencyMs to the latency median and still answers', async () => {
    const server = await start({ latencyMs: 5 });
    expect(server.sim.settings.latency.medianMs).toBe(5);
    const tokens = await login(server.url, server.credentials);
    expect((await call(server.url, 'fetchSims', { token: tokens.access })).status).toBe(200);
  });

  it('serves an existing simulator core', async () => {
    const first = await start();
    const second = await start({ simulator: first.sim });
    expect(second.sim).toBe(first.sim);
  });

  it('answers 500 and keeps serving when the simulator core throws', async () => {
    const core = (await start()).sim;
    const broken = {
      ...core,
      handle: () => {
        throw new Error('simulator bug');
      },
    };
    const server = await start({ simulator: broken });
    const res = await fetch(`${server.url}/api/login`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'simulator bug' });
    const healthy = await start({ simulator: core });
    expect((await login(healthy.url, healthy.credentials)).access).toBeTruthy();
    expect((await fetch(`${server.url}/api/login`, { method: 'POST', body: '{}' })).status).toBe(500);
  });

  it('answers 413 to a body over 1 MiB', async () => {
    const server = await start();
    const res = await fetch(`${server.url}/api/login`, { method: 'POST', body: 'x'.repeat(1_048_577) });
    expect(res.status).toBe(413);
  });

  it('close() stops listening even with an answer still delayed', async () => {
    const server = await start({ latencyMs: 60_000 });
    running.pop();
    const pending = fetch(`${server.url}/api/login`, { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    // Wait until the server has the request (the answer is then held by the latency timer).
    while ((server.sim.counters().requestsByOperation.login ?? 0) === 0)
      await new Promise((r) => setImmediate(r));
    await server.close();
    expect(await pending).toBeInstanceOf(Error);
    const port = Number(new URL(server.url).port);
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('error', () => resolve(true));
      socket.on('connect', () => {
        socket.destroy();
        resolve(false);
      });
    });
    expect(refused).toBe(true);
  });
});
