import { describe, expect, it } from 'vitest';
import {
  activateEndpoint,
  changeLifecycle,
  createEndpoint,
  createTag,
  deleteEndpoint,
  delinkSim,
  fetchSims,
  findSimByIccid,
  getEndpointProfile,
  linkSim,
  listEndpoints,
  sendCreateEndpoint,
} from '../../../src/index.js';
import { iccid, ok, PASSWORD, rows, USERNAME, useFakeSft } from '../fixtures/fake-sft.js';

const { sft, makeClient } = useFakeSft();

function expectSftHeaders(headers: Record<string, string>, bearer: boolean) {
  expect(headers['x-requested-with']).toBe('XMLHttpRequest');
  if (bearer) {
    expect(headers['x-authorization']).toMatch(/^Bearer access-token-1-/);
    expect(headers.authorization).toBeUndefined();
  } else {
    expect(headers['x-authorization']).toBeUndefined();
  }
}

async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('request shape of every operation', () => {
  it('logs in with a flat body of username and password, without X-Authorization', async () => {
    sft.on('/api/fetchSIM', () => rows([]));
    await findSimByIccid(makeClient(), iccid(1));
    const [login] = sft.to('/api/login');
    expect(login?.method).toBe('POST');
    expect(login?.body).toEqual({ username: USERNAME, password: PASSWORD });
    expect(login?.headers['content-type']).toContain('application/json');
    expectSftHeaders(login!.headers, false);
  });

  it('sends targetAccountId on login for reseller support access', async () => {
    sft.on('/api/fetchSIM', () => rows([]));
    await findSimByIccid(
      makeClient({ credentials: { username: USERNAME, password: PASSWORD, targetAccountId: '4242' } }),
      iccid(1),
    );
    expect(sft.to('/api/login')[0]?.body).toEqual({
      username: USERNAME,
      password: PASSWORD,
      targetAccountId: '4242',
    });
  });

  it('createEndpoint: POST /api/CreateEndPoint with Request.requestParam, values as strings', async () => {
    sft.on('/api/CreateEndPoint', () => ok({ endPointId: '1001' }));
    await createEndpoint(makeClient(), {
      name: 'inv-0001',
      iccid: iccid(1),
      roamingProfileId: ['3017', '3018'],
      planId: 'DEFAULTPRE41274807',
      apnGroupId: 'PDP_1785',
      addonPlanIds: ['A1', 'A2'],
      extra: { monthlyLimit: 50 },
    });
    const [req] = sft.to('/api/CreateEndPoint');
    expect(req?.method).toBe('POST');
    expectSftHeaders(req!.headers, true);
    expect(req?.headers['content-type']).toContain('application/json');
    expect(req?.body).toEqual({
      Request: {
        requestParam: {
          monthlyLimit: '50',
          name: 'inv-0001',
          isLinkSIM: 'true',
          iccid: iccid(1),
          isDefaultActivation: 'false',
          roamingProfileId: '3017|3018',
          planId: 'DEFAULTPRE41274807',
          apnGroupId: 'PDP_1785',
          addonPlanIds: ['A1', 'A2'],
        },
      },
    });
  });

  it('getEndpointProfile: GET /api/GetEndPointProfile?endPointId=', async () => {
    sft.on('/api/GetEndPointProfile', () =>
      ok({
        info: {
          basicInfo: { iccid: iccid(1), name: 'inv', msisdn: '3247', imsi: '2060', imeiLockStatus: 'N' },
        },
      }),
    );
    const profile = await getEndpointProfile(makeClient(), '1001');
    const [req] = sft.to('/api/GetEndPointProfile');
    expect(req?.method).toBe('GET');
    expect(req?.query).toEqual({ endPointId: '1001' });
    expect(req?.body).toBeUndefined();
    expectSftHeaders(req!.headers, true);
    expect(profile).toMatchObject({
      endpointId: '1001',
      iccid: iccid(1),
      name: 'inv',
      msisdn: '3247',
      state: undefined,
    });
  });

  it('listEndpoints: GET /api/GetEndPoints with page and perPage', async () => {
    sft.on('/api/GetEndPoints', () =>
      rows([{ endPointId: '1', name: 'a', iccid: iccid(1), endPointStatus: 'Pre-Active' }]),
    );
    const list = await drain(listEndpoints(makeClient(), { perPage: 50 }));
    expect(sft.to('/api/GetEndPoints')[0]?.query).toEqual({ page: '1', perPage: '50' });
    expect(list).toEqual([
      expect.objectContaining({ endpointId: '1', name: 'a', iccid: iccid(1), state: 'pre-active' }),
    ]);
  });

  it('fetchSims: GET /api/fetchSIM with the documented filters', async () => {
    sft.on('/api/fetchSIM', () => rows([]));
    await drain(fetchSims(makeClient(), { simStatusId: 12, simAttachStatusId: 1, perPage: 1 }));
    const [req] = sft.to('/api/fetchSIM');
    expect(req?.method).toBe('GET');
    expect(req?.query).toEqual({ simStatusId: '12', simAttachStatusId: '1', page: '1', perPage: '1' });
    expectSftHeaders(req!.headers, true);
  });

  it('activateEndpoint: POST /api/EndPointActivation with only Request.endPointId', async () => {
    sft.on('/api/EndPointActivation', () => ok());
    await activateEndpoint(makeClient(), '1001');
    const [req] = sft.to('/api/EndPointActivation');
    expect(req?.method).toBe('POST');
    expect(req?.body).toEqual({ Request: { endPointId: '1001' } });
  });

  it('changeLifecycle: POST /api/EndPointLifeCycleChange with lifeCycle and reason', async () => {
    sft.on('/api/EndPointLifeCycleChange', () => ok());
    await changeLifecycle(makeClient(), '1001', 'S');
    await changeLifecycle(makeClient(), '1001', 'A', { reason: '3' });
    const [suspend, resume] = sft.to('/api/EndPointLifeCycleChange');
    expect(suspend?.body).toEqual({
      Request: { endPointId: '1001', requestParam: { lifeCycle: 'S', reason: '1' } },
    });
    expect(resume?.body).toEqual({
      Request: { endPointId: '1001', requestParam: { lifeCycle: 'A', reason: '3' } },
    });
  });

  it('deleteEndpoint: POST /api/DeleteEndPoint with Request.endPointId', async () => {
    sft.on('/api/DeleteEndPoint', () => ok({ resultParam: { resultCode: '10159' } }));
    const result = await deleteEndpoint(makeClient(), '1001');
    expect(sft.to('/api/DeleteEndPoint')[0]?.body).toEqual({ Request: { endPointId: '1001' } });
    expect(result.resultCode).toBe('10159');
  });

  it('linkSim: POST /api/LinkSim with endPointId and requestParam.iccid', async () => {
    sft.on('/api/LinkSim', () => ok());
    await linkSim(makeClient(), '1001', iccid(2));
    expect(sft.to('/api/LinkSim')[0]?.body).toEqual({
      Request: { endPointId: '1001', requestParam: { iccid: iccid(2) } },
    });
  });

  it('delinkSim: POST /api/DeLinkSim with Request.endPointId', async () => {
    sft.on('/api/DeLinkSim', () => ok());
    await delinkSim(makeClient(), '1001');
    expect(sft.to('/api/DeLinkSim')[0]?.body).toEqual({ Request: { endPointId: '1001' } });
  });

  it('createTag: POST /api/createTag with tagInfo.createTag', async () => {
    sft.on('/api/createTag', () => ok({ tagId: 77, resultParam: { resultCode: '10149' } }));
    const tag = await createTag(makeClient(), { tagName: 'batch-2026_01', tagDescription: 'pre created' });
    expect(sft.to('/api/createTag')[0]?.body).toEqual({
      tagInfo: { createTag: { tagName: 'batch-2026_01', tagDescription: 'pre created' } },
    });
    expect(tag).toMatchObject({ tagName: 'batch-2026_01', tagId: '77', resultCode: '10149' });
  });

  it('sendCreateEndpoint sends the same request but leaves the store alone', async () => {
    sft.on('/api/CreateEndPoint', () => ok({ endPointId: '1002' }));
    const client = makeClient();
    const record = await sendCreateEndpoint(client, { name: 'x', iccid: iccid(3) });
    expect(record.endpointId).toBe('1002');
    expect(await client.store.getByIccid(iccid(3))).toBeUndefined();
  });

  it('applies operation overrides (path, method) from the client options', async () => {
    sft.on('/api/v2/fetchSIM', () => rows([]));
    await findSimByIccid(makeClient({ operations: { fetchSims: { path: '/api/v2/fetchSIM' } } }), iccid(1));
    expect(sft.to('/api/v2/fetchSIM')).toHaveLength(1);
  });
});
