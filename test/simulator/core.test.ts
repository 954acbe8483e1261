import { describe, expect, it } from 'vitest';
import { createSeededRandom } from '../../src/testing/random.js';
import { applySettingsPatch, defaultSettings } from '../../src/testing/settings.js';
import { createSftSimulator } from '../../src/testing/simulator.js';
import { coreLogin, request, responseOf } from './support/core-request.js';
import { manualClock } from './support/manual-clock.js';

function createBody(iccid: string, name = 'n') {
  return {
    Request: {
      requestParam: { name, isLinkSIM: 'true', iccid, roamingProfileId: '1', isDefaultActivation: 'false' },
    },
  };
}

describe('simulator settings', () => {
  it('defaults to the platform-like TPS 2, no latency, no faults, activate-when-absent', () => {
    const s = defaultSettings();
    expect(s).toMatchObject({ tps: 2, faults: {}, activateWhenDefaultActivationAbsent: true });
    expect(s.latency.medianMs).toBe(0);
  });

  it('merges latency and faults one level deep, keeping per-operation rates', () => {
    const base = applySettingsPatch(defaultSettings(), {
      latency: { medianMs: 50 },
      faults: { serverError: 0.1, perOperation: { createEndpoint: { lostAfterCommit: 0.5 } } },
    });
    const next = applySettingsPatch(base, { latency: { sigma: 0 }, faults: { dropAfterCommit: 0.2 } });
    expect(next.latency).toMatchObject({ medianMs: 50, sigma: 0 });
    expect(next.faults).toMatchObject({ serverError: 0.1, dropAfterCommit: 0.2 });
    expect(next.faults.perOperation?.createEndpoint?.lostAfterCommit).toBe(0.5);
  });

  it.each([
    [{ tps: -1 }],
    [{ faults: { serverError: 1.5 } }],
    [{ faults: { perOperation: { fetchSims: { dropAfterCommit: -0.1 } } } }],
    [{ latency: { medianMs: Number.NaN } }],
    [{ defaultPerPage: 0 }],
  ])('refuses an invalid setting %j', (patch) => {
    expect(() => applySettingsPatch(defaultSettings(), patch)).toThrow(RangeError);
  });

  it('refuses an invalid runtime configure() and keeps the previous settings', () => {
    const sim = createSftSimulator({ sims: 1, tps: 4 });
    expect(() => sim.configure({ tps: -3 })).toThrow(RangeError);
    expect(sim.settings.tps).toBe(4);
  });
});

describe('seeded randomness', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = createSeededRandom(9);
    const b = createSeededRandom(9);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('samples a log-normal around the median (sigma 0 gives the median exactly)', () => {
    const r = createSeededRandom(1);
    expect(r.logNormal(40, 0)).toBe(40);
    const samples = Array.from({ length: 2001 }, () => r.logNormal(40, 0.5)).sort((x, y) => x - y);
    expect(samples[1000]).toBeGreaterThan(34);
    expect(samples[1000]).toBeLessThan(46);
  });

  it('injects faults at about the configured rate, identically for the same seed', () => {
    const run = () => {
      const sim = createSftSimulator({ sims: 1, tps: 0, seed: 5, faults: { serverError: 0.3 } });
      const token = coreLogin(sim);
      return Array.from({ length: 1000 }, () => sim.handle(request('fetchSims', { token })).status);
    };
    const first = run();
    expect(run()).toEqual(first);
    const errors = first.filter((s) => s === 500).length;
    expect(errors).toBeGreaterThan(240);
    expect(errors).toBeLessThan(360);
  });
});

describe('latency', () => {
  it('asks transports to delay answers by the sampled latency, plus the extra for long (180 s) operations', () => {
    const sim = createSftSimulator({
      sims: 2,
      tps: 0,
      latency: { medianMs: 25, sigma: 0, longOperationExtraMs: 1000 },
    });
    const token = coreLogin(sim);
    expect(sim.handle(request('fetchSims', { token })).delayMs).toBe(25);
    const iccid = sim.listSims()[0]!.iccid;
    expect(sim.handle(request('createEndpoint', { token, body: createBody(iccid) })).delayMs).toBe(1025);
  });

  it('has no latency by default', () => {
    const sim = createSftSimulator({ sims: 1, tps: 0 });
    expect(sim.handle(request('fetchSims', { token: coreLogin(sim) })).delayMs).toBe(0);
  });

  it('caps sampled latency at maxMs', () => {
    const sim = createSftSimulator({ sims: 1, tps: 0, latency: { medianMs: 100, sigma: 3, maxMs: 150 } });
    const token = coreLogin(sim);
    for (let i = 0; i < 200; i++)
      expect(sim.handle(request('fetchSims', { token })).delayMs).toBeLessThanOrEqual(150);
  });
});

describe('forced faults', () => {
  it('hits exactly the next `times` matching requests, then stops', () => {
    const sim = createSftSimulator({ sims: 1, tps: 0 });
    const token = coreLogin(sim);
    sim.failNext({ kind: 'serverError', operation: 'fetchSims', times: 2 });
    expect(sim.handle(request('listEndpoints', { token })).status).toBe(200);
    const statuses = [1, 2, 3].map(() => sim.handle(request('fetchSims', { token })).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it('marks a dropAfterCommit answer as drop (the transport destroys the connection)', () => {
    const sim = createSftSimulator({ sims: 1, tps: 0 });
    const token = coreLogin(sim);
    sim.failNext({ kind: 'dropAfterCommit' });
    expect(sim.handle(request('fetchSims', { token })).drop).toBe(true);
  });
});

describe('inspection and admin', () => {
  it('returns copies: changing an inspected endpoint does not change the platform', () => {
    const sim = createSftSimulator({ sims: 1, tps: 0 });
    const token = coreLogin(sim);
    const id = responseOf(
      sim.handle(request('createEndpoint', { token, body: createBody(sim.listSims()[0]!.iccid) })),
    ).endPointId as string;
    const copy = sim.getEndpoint(id)!;
    copy.status = 'Suspended';
    expect(sim.getEndpoint(id)?.status).toBe('Pre-Active');
  });

  it('deletes an endpoint behind the SDK back; its SIM returns to inventory', () => {
    const sim = createSftSimulator({ sims: 1, tps: 0 });
    const iccid = sim.listSims()[0]!.iccid;
    const id = sim.admin.createEndpoint({ name: 'drift', iccid });
    expect(sim.getSim(iccid)?.endpointId).toBe(id);
    expect(sim.admin.deleteEndpoint(id)).toBe(true);
    expect(sim.admin.deleteEndpoint(id)).toBe(false);
    expect(sim.getSim(iccid)).toMatchObject({ status: 'Ready To Activate', endpointId: undefined });
  });

  it('sets an endpoint state in SFT or SDK spelling; the SIM follows; Hold de-links', () => {
    const sim = createSftSimulator({ sims: 1, tps: 0 });
    const iccid = sim.listSims()[0]!.iccid;
    const id = sim.admin.createEndpoint({ name: 'drift', iccid, state: 'Active' });
    expect(sim.getSim(iccid)?.status).toBe('Active');
    sim.admin.setEndpointState(id, 'suspended');
    expect(sim.getEndpoint(id)?.status).toBe('Suspended');
    expect(sim.getSim(iccid)?.status).toBe('Suspended');
    sim.admin.setEndpointState(id, 'Hold');
    expect(sim.getEndpoint(id)?.iccid).toBeUndefined();
    expect(sim.getSim(iccid)?.status).toBe('Ready To Activate');
    expect(sim.counters().activationsByEndpoint[id]).toBeUndefined();
  });

  it('refuses admin changes to unknown endpoints, unknown states and unavailable SIMs', () => {
    const sim = createSftSimulator({ sims: 1, tps: 0 });
    expect(() => sim.admin.setEndpointState('nope', 'Active')).toThrow(/no endpoint/);
    const iccid = sim.listSims()[0]!.iccid;
    const id = sim.admin.createEndpoint({ name: 'a', iccid });
    // biome-ignore lint/suspicious/noExplicitAny: deliberately invalid input
    expect(() => sim.admin.setEndpointState(id, 'Gone' as any)).toThrow(/unknown endpoint state/);
    expect(() => sim.admin.createEndpoint({ name: 'b', iccid })).toThrow(/not available/);
  });

  it('expires issued access tokens on demand (refresh tokens still work)', () => {
    const sim = createSftSimulator({ sims: 1, tps: 0 });
    const login = sim.handle(request('login', { body: sim.credentials })).body as {
      AccessToken: string;
      RefreshToken: string;
    };
    sim.admin.expireTokens();
    expect(sim.handle(request('fetchSims', { token: login.AccessToken })).status).toBe(401);
    expect(sim.handle(request('refreshToken', { token: login.RefreshToken })).status).toBe(200);
  });

  it('reset() restores the initial inventory, settings and counters and invalidates tokens', () => {
    const sim = createSftSimulator({ sims: 3, tps: 0, seed: 11 });
    const before = sim.listSims();
    const token = coreLogin(sim);
    sim.handle(request('createEndpoint', { token, body: createBody(before[0]!.iccid) }));
    sim.configure({ tps: 9 });
    sim.reset();
    expect(sim.listEndpoints()).toEqual([]);
    expect(sim.listSims()).toEqual(before);
    expect(sim.settings.tps).toBe(0);
    expect(sim.counters().requestsByOperation).toEqual({});
    expect(sim.handle(request('fetchSims', { token })).status).toBe(401);
  });

  it('resetCounters() zeroes the counters and keeps the state', () => {
    const sim = createSftSimulator({ sims: 1, tps: 0 });
    const token = coreLogin(sim);
    sim.handle(request('createEndpoint', { token, body: createBody(sim.listSims()[0]!.iccid) }));
    sim.resetCounters();
    expect(sim.counters().createCallsByIccid).toEqual({});
    expect(sim.listEndpoints()).toHaveLength(1);
  });

  it('exports its inventory as CSV', () => {
    const sim = createSftSimulator({ sims: 2 });
    expect(sim.inventoryCsv().split('\n')[0]).toBe('iccid,name');
    expect(sim.inventoryCsv().trim().split('\n')).toHaveLength(3);
  });

  it('serves overridden operation paths', () => {
    const sim = createSftSimulator({
      sims: 1,
      tps: 0,
      operations: { fetchSims: { path: '/api/v2/fetchSIM' } },
    });
    const token = coreLogin(sim);
    const moved = { ...request('fetchSims', { token }), path: '/api/v2/fetchSIM' };
    expect(sim.handle(moved).status).toBe(200);
    expect(sim.handle(request('fetchSims', { token })).status).toBe(404);
  });

  it('pages through a large inventory and filters across pages', () => {
    const sim = createSftSimulator({ sims: 2500, tps: 0 });
    const token = coreLogin(sim);
    const page = (n: number, query: Record<string, string> = {}) =>
      responseOf(
        sim.handle(request('fetchSims', { token, query: { page: String(n), perPage: '1000', ...query } })),
      ).responseParam.rows as { iccid: string }[];
    expect([page(1).length, page(2).length, page(3).length, page(4).length]).toEqual([1000, 1000, 500, 0]);
    expect(page(3)[499]?.iccid).toBe(sim.listSims()[2499]?.iccid);
    const last = sim.listSims()[2400]!.iccid;
    sim.admin.createEndpoint({ name: 'x', iccid: last });
    expect(page(1, { simAttachStatusId: '1' }).map((r) => r.iccid)).toEqual([last]);
  });

  it('uses the injected clock for rate-limit windows', () => {
    const clock = manualClock();
    const sim = createSftSimulator({ sims: 1, tps: 1, now: clock.now });
    const token = coreLogin(sim);
    expect(sim.handle(request('fetchSims', { token })).status).toBe(429);
    clock.advance(1000);
    expect(sim.handle(request('fetchSims', { token })).status).toBe(200);
  });
});
