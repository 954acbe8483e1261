/**
 * Every core-SDK operation end-to-end against the HTTP simulator: the real client (ky transport,
 * token manager, pacer) over real sockets to `startSftSimulator`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  addEndpointAddons,
  createSftClient,
  getEndpointUsage,
  isUnknownOutcome,
  removeEndpointAddons,
  SftApiError,
  type SftClient,
  type SftClientOptions,
  SftError,
  sendCreateEndpoint,
} from '../../src/index.js';
import {
  type RunningSftSimulator,
  type StartSftSimulatorOptions,
  startSftSimulator,
} from '../../src/testing/server.js';

const running: RunningSftSimulator[] = [];
afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});

async function setup(
  simOptions: StartSftSimulatorOptions = {},
  clientOptions: Partial<SftClientOptions> = {},
): Promise<{ server: RunningSftSimulator; client: SftClient; iccids: string[] }> {
  const server = await startSftSimulator({ sims: 10, tps: 0, seed: 3, ...simOptions });
  running.push(server);
  const client = createSftClient({
    baseUrl: server.url,
    credentials: server.credentials,
    maxTps: 1000,
    defaults: { roamingProfileId: '3017' },
    retry: { minDelayMs: 5, maxDelayMs: 50 },
    ...clientOptions,
  });
  return { server, client, iccids: server.sim.listSims().map((s) => s.iccid) };
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('core SDK end-to-end against the HTTP simulator', () => {
  it('createEndpoint creates a Pre-Active endpoint (isDefaultActivation false) and records it in the store', async () => {
    const { server, client, iccids } = await setup();
    const record = await client.createEndpoint({ name: 'inv-1', iccid: iccids[0]!, tags: ['batch-1'] });
    expect(record).toMatchObject({ iccid: iccids[0], name: 'inv-1', state: 'pre-active' });
    expect(server.sim.getEndpoint(record.endpointId)?.status).toBe('Pre-Active');
    expect((await client.store.getByIccid(iccids[0]!))?.endpointId).toBe(record.endpointId);
  });

  it('sendCreateEndpoint creates without touching the store', async () => {
    const { server, client, iccids } = await setup();
    const record = await sendCreateEndpoint(client, { name: 'wire', iccid: iccids[1]! });
    expect(server.sim.getEndpoint(record.endpointId)).toBeDefined();
    expect(await client.store.getByIccid(iccids[1]!)).toBeUndefined();
  });

  it('createEndpoint with isDefaultActivation true creates an Active endpoint', async () => {
    const { server, client, iccids } = await setup();
    const record = await client.createEndpoint({ name: 'hot', iccid: iccids[0]!, isDefaultActivation: true });
    expect(server.sim.getEndpoint(record.endpointId)?.status).toBe('Active');
  });

  it('getEndpointProfile, listEndpoints, fetchSims and findSimByIccid read what was created', async () => {
    const { client, iccids } = await setup();
    const a = await client.createEndpoint({ name: 'a', iccid: iccids[0]! });
    const b = await client.createEndpoint({ name: 'b', iccid: iccids[1]! });
    const profile = await client.getEndpointProfile(a.endpointId);
    expect(profile).toMatchObject({
      endpointId: a.endpointId,
      iccid: iccids[0],
      name: 'a',
      state: 'pre-active',
    });
    const listed = await all(client.listEndpoints({ perPage: 1 }));
    expect(listed.map((e) => e.endpointId)).toEqual([a.endpointId, b.endpointId]);
    const sims = await all(client.fetchSims({ perPage: 3 }));
    expect(sims).toHaveLength(10);
    const preActive = await all(client.fetchSims({ simStatusId: 12, simAttachStatusId: 1 }));
    expect(preActive.map((s) => s.iccid)).toEqual([iccids[0], iccids[1]]);
    const found = await client.findSimByIccid(iccids[1]!);
    expect(found).toMatchObject({
      iccid: iccids[1],
      endpointId: b.endpointId,
      attached: true,
      simStatus: 'Pre-Active',
    });
    expect(found?.activationCode?.textQrCode).toMatch(/^LPA:1\$smdp\.example\$/);
    expect(found?.activationCode?.smDpPlusAddress).toBe('smdp.example');
    const free = await client.findSimByIccid(iccids[5]!);
    expect(free).toMatchObject({ attached: false, simStatus: 'Ready To Activate' });
    expect(free?.endpointId).toBeUndefined();
  });

  it('activateEndpoint activates once and reports "already active" the second time', async () => {
    const { server, client, iccids } = await setup();
    const { endpointId } = await client.createEndpoint({ name: 'a', iccid: iccids[0]! });
    expect((await client.activateEndpoint(endpointId)).alreadyActive).toBe(false);
    expect((await client.activateEndpoint(endpointId)).alreadyActive).toBe(true);
    expect(server.sim.counters().activationsByEndpoint[endpointId]).toBe(1);
  });

  it('changeLifecycle suspends and resumes', async () => {
    const { server, client, iccids } = await setup();
    const { endpointId } = await client.createEndpoint({
      name: 'a',
      iccid: iccids[0]!,
      isDefaultActivation: true,
    });
    await client.changeLifecycle(endpointId, 'S', { reason: '1' });
    expect(server.sim.getEndpoint(endpointId)?.status).toBe('Suspended');
    await client.changeLifecycle(endpointId, 'A');
    expect(server.sim.getEndpoint(endpointId)?.status).toBe('Active');
  });

  it('delinkSim, linkSim and deleteEndpoint follow the platform rules', async () => {
    const { server, client, iccids } = await setup();
    const { endpointId } = await client.createEndpoint({ name: 'a', iccid: iccids[0]! });
    await client.delinkSim(endpointId);
    expect(server.sim.getEndpoint(endpointId)?.status).toBe('Hold');
    await client.linkSim(endpointId, iccids[2]!);
    expect(server.sim.getEndpoint(endpointId)).toMatchObject({ status: 'Pre-Active', iccid: iccids[2] });
    await expect(client.linkSim(endpointId, iccids[3]!)).rejects.toBeInstanceOf(SftApiError);
    await client.deleteEndpoint(endpointId);
    expect(server.sim.getEndpoint(endpointId)).toBeUndefined();
    expect(server.sim.getSim(iccids[2]!)?.status).toBe('Ready To Activate');
  });

  it('createTag creates a tag and answers its id; a duplicate is refused', async () => {
    const { server, client } = await setup();
    const tag = await client.createTag({ tagName: 'batch-1', tagDescription: 'first batch' });
    expect(tag.tagId).toBe(server.sim.listTags()[0]?.tagId);
    expect(tag.resultCode).toBe('10149');
    await expect(client.createTag({ tagName: 'batch-1' })).rejects.toBeInstanceOf(SftApiError);
  });

  it('add-ons and usage (unverified operations) round-trip', async () => {
    const { client, iccids } = await setup();
    const { endpointId } = await client.createEndpoint({
      name: 'a',
      iccid: iccids[0]!,
      isDefaultActivation: true,
    });
    const added = await addEndpointAddons(client, endpointId, ['EU-1GB']);
    expect(added.addons).toEqual([{ uniqueId: expect.any(String), addonPlanId: 'EU-1GB' }]);
    const removed = await removeEndpointAddons(client, endpointId, [added.addons![0]!.uniqueId]);
    expect(removed.addons).toEqual([]);
    const usage = await getEndpointUsage(client, endpointId, { from: '2026-01-01', to: '2026-01-02' });
    expect(usage.dataUsage.map((d) => d.date)).toEqual(['20260101', '20260102']);
    expect(usage.dataUsage.every((d) => typeof d.totalVolume === 'number')).toBe(true);
  });

  it('refreshes an expired access token and replays the call', async () => {
    const { server, client, iccids } = await setup();
    await client.findSimByIccid(iccids[0]!);
    server.sim.admin.expireTokens('access');
    expect(await client.findSimByIccid(iccids[0]!)).toBeDefined();
    expect(server.sim.counters().refreshes).toBe(1);
    expect(server.sim.counters().logins).toBe(1);
  });

  it('understands the body-401 expired-token signal too', async () => {
    const { server, client, iccids } = await setup({ expiredTokenSignal: 'body-401' });
    await client.findSimByIccid(iccids[0]!);
    server.sim.admin.expireTokens('access');
    expect(await client.findSimByIccid(iccids[0]!)).toBeDefined();
    expect(server.sim.counters().refreshes).toBe(1);
  });

  it('completes every call under a tighter platform limit (learning X-Rate-Limit-TPS or riding out 429s)', async () => {
    const { server, client, iccids } = await setup(
      { tps: 5 },
      { maxTps: 50, retry: { minDelayMs: 50, retries: 8 } },
    );
    await Promise.all(iccids.slice(0, 8).map((iccid) => client.findSimByIccid(iccid)));
    expect(server.sim.counters().requestsByOperation.fetchSims).toBeGreaterThanOrEqual(8);
  });

  it('reports a lost-after-commit create as an unknown outcome, and the endpoint is found by ICCID', async () => {
    const { server, client, iccids } = await setup();
    server.sim.failNext({ kind: 'lostAfterCommit', operation: 'createEndpoint' });
    const error = await client.createEndpoint({ name: 'a', iccid: iccids[0]! }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftError);
    expect(isUnknownOutcome(error)).toBe(true);
    expect(server.sim.counters().createCallsByIccid[iccids[0]!]).toBe(1);
    const sim = await client.findSimByIccid(iccids[0]!);
    expect(sim?.endpointId).toBe(server.sim.listEndpoints()[0]?.endpointId);
  });

  it('reports a dropped connection after a create as an unknown outcome, never re-sent', async () => {
    const { server, client, iccids } = await setup();
    server.sim.failNext({ kind: 'dropAfterCommit', operation: 'createEndpoint' });
    const error = await client.createEndpoint({ name: 'a', iccid: iccids[0]! }).catch((e: unknown) => e);
    expect(isUnknownOutcome(error)).toBe(true);
    expect(server.sim.counters().createCallsByIccid[iccids[0]!]).toBe(1);
    expect(server.sim.listEndpoints()).toHaveLength(1);
  });

  it('retries a read after a 5xx', async () => {
    const { server, client, iccids } = await setup();
    server.sim.failNext({ kind: 'serverError', operation: 'fetchSims' });
    expect(await client.findSimByIccid(iccids[0]!)).toBeDefined();
    expect(server.sim.counters().requestsByOperation.fetchSims).toBe(2);
  });

  it('surfaces the Reseller "Authorisation Failure" as an error', async () => {
    const { server, iccids } = await setup();
    const reseller = createSftClient({
      baseUrl: server.url,
      credentials: server.sim.accounts.reseller,
      maxTps: 1000,
      defaults: { roamingProfileId: '3017' },
    });
    await expect(reseller.createEndpoint({ name: 'a', iccid: iccids[0]! })).rejects.toBeInstanceOf(SftError);
    expect(server.sim.listEndpoints()).toHaveLength(0);
  });

  it('refuses wrong credentials', async () => {
    const { server, iccids } = await setup();
    const wrong = createSftClient({
      baseUrl: server.url,
      credentials: { username: 'demo-enterprise', password: 'x' },
    });
    await expect(wrong.findSimByIccid(iccids[0]!)).rejects.toBeInstanceOf(SftError);
  });
});
