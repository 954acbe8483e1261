import { describe, expect, it, vi } from 'vitest';
import { addEndpointAddons, MAX_ACTIVE_ADDONS, modifyEndpointAddons } from '../../src/api/addons.js';
import { getEndpointUsage, toSftDate } from '../../src/api/usage.js';
import type { SftClient } from '../../src/client.js';
import { SftValidationError } from '../../src/errors.js';

/** A client whose transport records what it is asked to send and answers `responseParam`. */
function recordingClient(responseParam: unknown) {
  const send = vi.fn(async (_operation: string, _request: unknown) => ({
    resultCode: '0',
    resultParam: { resultCode: '0' },
    responseParam,
  }));
  return { client: { transport: { send } } as unknown as SftClient, send };
}

describe('modifyEndpointAddons (unverified PATCH /api/endpoint)', () => {
  it('sends the endpoint-scoped envelope with addAddonPlanIds and removeAddonUniqueIds', async () => {
    const { client, send } = recordingClient({ addons: [{ uniqueId: 7, addonPlanId: 'EU-1GB' }] });
    const result = await modifyEndpointAddons(client, 'ep-1', { add: ['EU-1GB'], remove: ['u-3'] });
    expect(send).toHaveBeenCalledWith('modifyEndpoint', {
      body: {
        Request: {
          endPointId: 'ep-1',
          requestParam: { addAddonPlanIds: ['EU-1GB'], removeAddonUniqueIds: ['u-3'] },
        },
      },
    });
    expect(result).toEqual({ addons: [{ uniqueId: '7', addonPlanId: 'EU-1GB' }], resultCode: '0' });
  });

  it(`refuses, before sending, a change that would leave more than ${MAX_ACTIVE_ADDONS} active add-ons`, async () => {
    const { client, send } = recordingClient({});
    const error = await addEndpointAddons(client, 'ep-1', ['a', 'b'], { activeCount: 14 }).catch((e) => e);
    expect(error).toBeInstanceOf(SftValidationError);
    expect(error.message).toContain('at most 15 add-ons');
    const sixteen = Array.from({ length: 16 }, (_, i) => `plan-${i}`);
    await expect(addEndpointAddons(client, 'ep-1', sixteen)).rejects.toBeInstanceOf(SftValidationError);
    expect(send).not.toHaveBeenCalled();
  });

  it('allows reaching the limit exactly when removals make room', async () => {
    const { client, send } = recordingClient({});
    await modifyEndpointAddons(client, 'ep-1', { add: ['a', 'b'], remove: ['u1'], activeCount: 14 });
    expect(send).toHaveBeenCalledOnce();
  });

  it('refuses an empty change, a blank endpoint id and repeated ids, naming each field', async () => {
    const { client } = recordingClient({});
    const error = await modifyEndpointAddons(client, ' ', { add: ['a', 'a'] }).catch((e) => e);
    expect(error.issues.map((i: { field: string }) => i.field)).toEqual(['endpointId', 'add.1']);
    await expect(modifyEndpointAddons(client, 'ep-1', {})).rejects.toBeInstanceOf(SftValidationError);
  });
});

describe('getEndpointUsage (unverified GET /api/GetStatistics)', () => {
  it('sends endPointId, from_date and to_date as YYYYMMDD and reads dataUsage', async () => {
    const { client, send } = recordingClient({ dataUsage: [{ date: '20260101', totalVolume: '1024' }] });
    const usage = await getEndpointUsage(client, 'ep-1', {
      from: new Date('2026-01-01T23:00:00Z'),
      to: '2026-01-31',
    });
    expect(send).toHaveBeenCalledWith('getStatistics', {
      query: { endPointId: 'ep-1', from_date: '20260101', to_date: '20260131' },
    });
    expect(usage.dataUsage).toEqual([
      { date: '20260101', totalVolume: 1024, raw: { date: '20260101', totalVolume: '1024' } },
    ]);
  });

  it('rejects impossible days and a period that ends before it starts', async () => {
    expect(() => toSftDate('20260230', 'from')).toThrow(SftValidationError);
    expect(() => toSftDate('yesterday', 'from')).toThrow(SftValidationError);
    const { client, send } = recordingClient({});
    await expect(getEndpointUsage(client, 'ep-1', { from: '20260201', to: '20260101' })).rejects.toThrow(
      /is after to/,
    );
    expect(send).not.toHaveBeenCalled();
  });
});
