import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { SftApiError, SftEmptyPoolError, SftError } from '../../src/errors.js';
import { allocateEndpoint } from '../../src/inventory/allocate.js';
import { memoryStore } from '../../src/store/memory.js';
import { activations, BASE_URL, clientFor, stockPool, useSimulator } from './harness.js';

const FAST_RECONCILE = { reconcile: { attempts: 2, delayMs: 0 } };

describe('allocateEndpoint', () => {
  const { sim, server } = useSimulator();

  it('claims a pre-active endpoint, activates it once, marks it active and returns the QR text', async () => {
    const client = clientFor(sim, memoryStore());
    const [stocked] = await stockPool(sim, client, 1);
    const allocation = await allocateEndpoint(client, { tag: 'batch-1' }, { claimant: 'order-1' });
    expect(allocation).toMatchObject({
      endpointId: stocked!.endpointId,
      iccid: stocked!.iccid,
      name: 'batch-1-0',
      state: 'active',
      claimant: 'order-1',
      recovered: false,
    });
    expect(allocation.activationCode).toBe(sim.getSim(stocked!.iccid)?.activationCode.textQrCode);
    expect(activations(sim)).toEqual({ [stocked!.endpointId]: 1 });
    expect(sim.getEndpoint(stocked!.endpointId)?.status).toBe('Active');
    expect(await client.store.getByIccid(stocked!.iccid)).toMatchObject({
      state: 'active',
      claimedBy: 'order-1',
    });
  });

  it('rejects with SftEmptyPoolError naming the tag when no unclaimed pre-active endpoint is left', async () => {
    const client = clientFor(sim, memoryStore());
    await stockPool(sim, client, 1, 'other');
    const error = await allocateEndpoint(client, { tag: 'batch-1' }).catch((e) => e);
    expect(error).toBeInstanceOf(SftEmptyPoolError);
    expect(error.tag).toBe('batch-1');
  });

  it('recovers an activation answered with lost-after-commit without a second activation', async () => {
    const client = clientFor(sim, memoryStore());
    const [stocked] = await stockPool(sim, client, 1);
    sim.failNext({ kind: 'lostAfterCommit', operation: 'activateEndpoint' });
    const allocation = await allocateEndpoint(client, { tag: 'batch-1' }, FAST_RECONCILE);
    expect(allocation).toMatchObject({ endpointId: stocked!.endpointId, state: 'active', recovered: true });
    expect(sim.counters().faultsInjected.lostAfterCommit).toBe(1);
    expect(sim.counters().requestsByOperation.activateEndpoint).toBe(1);
    expect(activations(sim)).toEqual({ [stocked!.endpointId]: 1 });
    expect((await client.store.getByIccid(stocked!.iccid))?.state).toBe('active');
  });

  it('recovers an activation whose connection dropped after commit, reading GetEndPointProfile', async () => {
    const client = clientFor(sim, memoryStore());
    const [stocked] = await stockPool(sim, client, 1);
    sim.failNext({ kind: 'dropAfterCommit', operation: 'activateEndpoint' });
    const allocation = await allocateEndpoint(
      client,
      { tag: 'batch-1' },
      { reconcile: { source: 'profile', attempts: 1, delayMs: 0 } },
    );
    expect(allocation.recovered).toBe(true);
    expect(sim.counters().faultsInjected.dropAfterCommit).toBe(1);
    expect(sim.counters().requestsByOperation.activateEndpoint).toBe(1);
    expect(activations(sim)).toEqual({ [stocked!.endpointId]: 1 });
  });

  it('releases the claim on a definitive failure, so that the endpoint can be allocated again', async () => {
    const client = clientFor(sim, memoryStore());
    const [stocked] = await stockPool(sim, client, 1);
    server.use(
      http.post(
        `${BASE_URL}/api/EndPointActivation`,
        () =>
          HttpResponse.json({
            Response: {
              resultCode: '1',
              resultParam: { resultCode: '6420', resultDescription: 'SIM not attached' },
            },
          }),
        { once: true },
      ),
    );
    const error = await allocateEndpoint(client, { tag: 'batch-1' }, { claimant: 'order-1' }).catch((e) => e);
    expect(error).toBeInstanceOf(SftApiError);
    expect(error.outcome).toBe('not-applied');
    const released = await client.store.getByIccid(stocked!.iccid);
    expect(released).toMatchObject({ state: 'pre-active', lastError: expect.stringContaining('6420') });
    expect(released?.claimedBy).toBeUndefined();
    expect(activations(sim)).toEqual({});

    const again = await allocateEndpoint(client, { tag: 'batch-1' }, { claimant: 'order-2' });
    expect(again.endpointId).toBe(stocked!.endpointId);
    expect(activations(sim)).toEqual({ [stocked!.endpointId]: 1 });
    expect((await client.store.getByIccid(stocked!.iccid))?.lastError).toBeUndefined();
  });

  it('keeps the endpoint claimed, and never re-sends, when an unknown outcome is not confirmed', async () => {
    const client = clientFor(sim, memoryStore());
    const [stocked] = await stockPool(sim, client, 1);
    sim.failNext({ kind: 'serverError', operation: 'activateEndpoint' });
    const error = await allocateEndpoint(
      client,
      { tag: 'batch-1' },
      { claimant: 'order-1', ...FAST_RECONCILE },
    ).catch((e) => e);
    expect(error).toBeInstanceOf(SftError);
    expect(error.outcome).toBe('unknown');
    expect(error.message).toContain('stays claimed by order-1');
    expect(sim.counters().requestsByOperation.activateEndpoint).toBe(1);
    expect(await client.store.getByIccid(stocked!.iccid)).toMatchObject({
      state: 'pre-active',
      claimedBy: 'order-1',
    });
    await expect(allocateEndpoint(client, { tag: 'batch-1' })).rejects.toBeInstanceOf(SftEmptyPoolError);
  });

  it('skips an endpoint activated behind the store’s back, records it, and allocates the next one', async () => {
    const client = clientFor(sim, memoryStore());
    const [first, second] = await stockPool(sim, client, 2);
    sim.admin.setEndpointState(first!.endpointId, 'Active');
    const allocation = await allocateEndpoint(client, { tag: 'batch-1' });
    expect(allocation.endpointId).toBe(second!.endpointId);
    expect(await client.store.getByIccid(first!.iccid)).toMatchObject({
      state: 'active',
      lastError: expect.stringContaining('run syncInventory'),
    });
    expect((await client.store.getByIccid(first!.iccid))?.claimedBy).toBeUndefined();
    expect(sim.counters().requestsByOperation.activateEndpoint).toBe(1);
  });

  it('stops before claiming when its signal is already aborted', async () => {
    const client = clientFor(sim, memoryStore());
    await stockPool(sim, client, 1);
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    await expect(allocateEndpoint(client, { tag: 'batch-1' }, { signal: controller.signal })).rejects.toThrow(
      'shutting down',
    );
    expect((await client.inventoryReport({ tag: 'batch-1' })).tags[0]).toMatchObject({
      available: 1,
      claimed: 0,
    });
  });

  it('only reserves the endpoint with activate: false', async () => {
    const client = clientFor(sim, memoryStore());
    const [stocked] = await stockPool(sim, client, 1);
    const allocation = await allocateEndpoint(
      client,
      { tag: 'batch-1' },
      { activate: false, claimant: 'trip-9' },
    );
    expect(allocation.state).toBe('pre-active');
    expect(activations(sim)).toEqual({});
    expect(await client.store.getByIccid(stocked!.iccid)).toMatchObject({
      state: 'pre-active',
      claimedBy: 'trip-9',
    });
  });

  it('is also a client method, like the inventory report', async () => {
    const client = clientFor(sim, memoryStore());
    await stockPool(sim, client, 2);
    const allocation = await client.allocateEndpoint({ tag: 'batch-1' });
    expect(allocation.state).toBe('active');
    const { tags } = await client.inventoryReport({ tag: 'batch-1' });
    expect(tags).toEqual([expect.objectContaining({ tag: 'batch-1', available: 1, active: 1, total: 2 })]);
  });
});
