/**
 * The simulator's behaviour, as specifications, run over every transport (msw and HTTP) by
 * `msw.test.ts` and `http.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { isValidLuhn } from '../../../src/internal/luhn.js';
import { TIMEOUT_MESSAGE_READ, TIMEOUT_MESSAGE_WRITE } from '../../../src/testing/codes.js';
import type { SimulatorDriver } from './drivers.js';
import { useSimulator } from './fixture.js';
import { call, createBody, jwtPayload, login, scoped } from './raw-client.js';

const R = (answer: { body: { Response: Record<string, unknown> } }) =>
  answer.body.Response as {
    resultCode: string;
    resultParam: { resultCode: string; resultDescription: string };
    responseId: string;
    responseTimestamp: string;
    // biome-ignore lint/suspicious/noExplicitAny: answer shapes vary per operation
    [key: string]: any;
  };

export function describeSimulatorBehaviour(driver: SimulatorDriver): void {
  const start = useSimulator(driver);

  describe('authentication', () => {
    it('answers login with a flat JWT-shaped AccessToken/RefreshToken pair whose exp follows the lifetimes', async () => {
      const t = await start({ accessTokenTtlSeconds: 60, refreshTokenTtlSeconds: 3600 });
      const answer = await call(t.baseUrl, 'login', { body: t.sim.credentials });
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body).sort()).toEqual(['AccessToken', 'RefreshToken']);
      const nowS = t.clock.now() / 1000;
      expect(jwtPayload(answer.body.AccessToken).exp).toBe(nowS + 60);
      expect(jwtPayload(answer.body.RefreshToken).exp).toBe(nowS + 3600);
      expect(answer.body.AccessToken.split('.')).toHaveLength(3);
    });

    it('refuses a wrong password with top-level "1" and the documented 10126', async () => {
      const t = await start();
      const answer = await call(t.baseUrl, 'login', {
        body: { username: t.sim.credentials.username, password: 'nope' },
      });
      expect(R(answer).resultCode).toBe('1');
      expect(R(answer).resultParam.resultCode).toBe('10126');
      expect(answer.body.AccessToken).toBeUndefined();
    });

    it('refuses a login without a username with 10117', async () => {
      const t = await start();
      const answer = await call(t.baseUrl, 'login', { body: { password: 'x' } });
      expect(R(answer).resultParam.resultCode).toBe('10117');
    });

    it('accepts a call with a valid access token in X-Authorization', async () => {
      const t = await start();
      const answer = await t.send('fetchSims');
      expect(answer.status).toBe(200);
      expect(R(answer).resultCode).toBe('0');
    });

    it('answers HTTP 401 to a call without a token, or with an unknown token', async () => {
      const t = await start();
      expect((await t.send('fetchSims', { token: '' })).status).toBe(401);
      expect((await t.send('fetchSims', { token: 'a.b.c' })).status).toBe(401);
      expect(t.sim.counters().expiredTokenAnswers).toBe(2);
    });

    it('answers HTTP 401 once the access token expires (clock-driven)', async () => {
      const t = await start({ accessTokenTtlSeconds: 60 });
      t.clock.advance(59_999);
      expect((await t.send('fetchSims')).status).toBe(200);
      t.clock.advance(1);
      const answer = await t.send('fetchSims');
      expect(answer.status).toBe(401);
      expect(R(answer).resultParam.resultCode).toBe('401');
    });

    it('signals an expired token with HTTP 200 and resultParam.resultCode "401" in body-401 mode', async () => {
      const t = await start({ accessTokenTtlSeconds: 60, expiredTokenSignal: 'body-401' });
      t.clock.advance(61_000);
      const answer = await t.send('fetchSims');
      expect(answer.status).toBe(200);
      expect(R(answer).resultCode).toBe('1');
      expect(R(answer).resultParam.resultCode).toBe('401');
    });

    it('refreshes with the refresh token (GET RefreshToken) and the new access token works', async () => {
      const t = await start({ accessTokenTtlSeconds: 60 });
      t.clock.advance(120_000);
      const refreshed = await call(t.baseUrl, 'refreshToken', { token: t.refreshToken });
      expect(refreshed.status).toBe(200);
      expect(refreshed.body.AccessToken).toBeTruthy();
      expect((await t.send('fetchSims', { token: refreshed.body.AccessToken })).status).toBe(200);
      expect(t.sim.counters().refreshes).toBe(1);
    });

    it('refuses to refresh with an access token, and with an expired refresh token', async () => {
      const t = await start({ refreshTokenTtlSeconds: 100 });
      expect((await call(t.baseUrl, 'refreshToken', { token: t.token })).status).toBe(401);
      t.clock.advance(100_000);
      expect((await call(t.baseUrl, 'refreshToken', { token: t.refreshToken })).status).toBe(401);
    });

    it('refuses a refresh token on an API call', async () => {
      const t = await start();
      expect((await t.send('fetchSims', { token: t.refreshToken })).status).toBe(401);
    });
  });

  describe('accounts', () => {
    it('answers "Authorisation Failure" to a Reseller calling endpoint APIs, and creates nothing', async () => {
      const t = await start();
      const reseller = await login(t.baseUrl, t.sim.accounts.reseller);
      const answer = await t.send('createEndpoint', {
        token: reseller.access,
        body: createBody({ name: 'x', isLinkSIM: 'true', iccid: t.iccid(0), isDefaultActivation: 'false' }),
      });
      expect(R(answer).resultCode).toBe('1');
      expect(R(answer).resultParam.resultDescription).toBe('Authorisation Failure');
      expect(t.sim.listEndpoints()).toHaveLength(0);
      const list = await t.send('listEndpoints', { token: reseller.access });
      expect(R(list).resultParam.resultDescription).toBe('Authorisation Failure');
    });

    it('lets a Reseller act for its Enterprise with targetAccountId (support access)', async () => {
      const t = await start();
      const support = await login(t.baseUrl, {
        ...t.sim.accounts.reseller,
        targetAccountId: t.sim.accounts.enterprise.accountId,
      });
      const answer = await t.send('createEndpoint', {
        token: support.access,
        body: createBody({ name: 'x', isLinkSIM: 'true', iccid: t.iccid(0), isDefaultActivation: 'false' }),
      });
      expect(R(answer).resultCode).toBe('0');
    });

    it('refuses targetAccountId from an Enterprise user', async () => {
      const t = await start();
      const answer = await call(t.baseUrl, 'login', {
        body: { ...t.sim.credentials, targetAccountId: '1001' },
      });
      expect(R(answer).resultCode).toBe('1');
      expect(answer.body.AccessToken).toBeUndefined();
    });
  });

  describe('rate limit', () => {
    it('answers HTTP 429 with X-Rate-Limit-TPS past the per-second budget, and accepts again the next second', async () => {
      const t = await start({ tps: 2 });
      t.clock.advance(1000);
      expect((await t.send('fetchSims')).status).toBe(200);
      expect((await t.send('fetchSims')).status).toBe(200);
      const limited = await t.send('fetchSims');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('x-rate-limit-tps')).toBe('2');
      expect(limited.headers.get('retry-after')).toBeNull();
      t.clock.advance(1000);
      expect((await t.send('fetchSims')).status).toBe(200);
      expect(t.sim.counters().rateLimited).toBe(1);
      expect(t.sim.counters().rateLimitedByOperation.fetchSims).toBe(1);
    });

    it('puts X-Rate-Limit-TPS on every answer while the limit is on', async () => {
      const t = await start({ tps: 5 });
      const answer = await t.send('fetchSims');
      expect(answer.headers.get('x-rate-limit-tps')).toBe('5');
    });

    it('never answers 429 and sends no X-Rate-Limit-TPS with tps 0', async () => {
      const t = await start({ tps: 0 });
      for (let i = 0; i < 10; i++) expect((await t.send('fetchSims')).status).toBe(200);
      expect((await t.send('fetchSims')).headers.get('x-rate-limit-tps')).toBeNull();
    });

    it('keeps a separate budget per account', async () => {
      const t = await start({ tps: 1 });
      const reseller = await login(t.baseUrl, t.sim.accounts.reseller);
      t.clock.advance(1000);
      expect((await t.send('fetchSims')).status).toBe(200);
      expect((await t.send('fetchSims')).status).toBe(429);
      expect((await t.send('fetchSims', { token: reseller.access })).status).not.toBe(429);
    });

    it('sends Retry-After when configured, and applies a TPS changed at runtime', async () => {
      const t = await start({ tps: 1 });
      t.sim.configure({ tps: 3, retryAfterSeconds: 1 });
      t.clock.advance(1000);
      for (let i = 0; i < 3; i++) expect((await t.send('fetchSims')).status).toBe(200);
      const limited = await t.send('fetchSims');
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');
      expect(limited.headers.get('x-rate-limit-tps')).toBe('3');
    });
  });

  describe('CreateEndPoint', () => {
    it('creates a Pre-Active endpoint linked to the SIM with isDefaultActivation "false", answering endPointId', async () => {
      const t = await start();
      const answer = await t.send('createEndpoint', {
        body: createBody({
          name: 'inv-1',
          isLinkSIM: 'true',
          iccid: t.iccid(0),
          isDefaultActivation: 'false',
        }),
      });
      expect(R(answer).resultCode).toBe('0');
      const id = R(answer).endPointId;
      expect(typeof id).toBe('string');
      expect(R(answer).responseTimestamp).toBe('01/01/2026 00:00:00');
      expect(t.sim.getEndpoint(id)).toMatchObject({ status: 'Pre-Active', iccid: t.iccid(0), name: 'inv-1' });
      expect(t.sim.getSim(t.iccid(0))).toMatchObject({ status: 'Pre-Active', endpointId: id });
      expect(t.sim.counters().activationsByEndpoint[id]).toBeUndefined();
    });

    it('activates when isDefaultActivation is absent (the default setting), so a forgetful client is caught', async () => {
      const t = await start();
      const id = await t.createFor(0, { isDefaultActivation: undefined });
      expect(t.sim.getEndpoint(id)?.status).toBe('Active');
      expect(t.sim.getSim(t.iccid(0))?.status).toBe('Active');
      expect(t.sim.counters().activationsByEndpoint[id]).toBe(1);
    });

    it('keeps an endpoint Pre-Active when isDefaultActivation is absent and the setting says so', async () => {
      const t = await start({ activateWhenDefaultActivationAbsent: false });
      const id = await t.createFor(0, { isDefaultActivation: undefined });
      expect(t.sim.getEndpoint(id)?.status).toBe('Pre-Active');
    });

    it('activates at creation with isDefaultActivation "true", and accepts native JSON booleans', async () => {
      const t = await start();
      const a = await t.createFor(0, { isDefaultActivation: 'true' });
      const b = await t.createFor(1, { isDefaultActivation: false, isLinkSIM: true });
      expect(t.sim.getEndpoint(a)?.status).toBe('Active');
      expect(t.sim.getEndpoint(b)?.status).toBe('Pre-Active');
    });

    it('creates an endpoint without a SIM (isLinkSIM "false"): Pre-Active, no SIM', async () => {
      const t = await start();
      const answer = await t.send('createEndpoint', {
        body: createBody({ name: 'bare', isLinkSIM: 'false' }),
      });
      const id = R(answer).endPointId;
      expect(t.sim.getEndpoint(id)?.status).toBe('Pre-Active');
      expect(t.sim.getEndpoint(id)?.iccid).toBeUndefined();
    });

    it.each([
      ['name missing', { name: undefined }],
      ['name too long', { name: 'x'.repeat(101) }],
      ['isLinkSIM missing', { isLinkSIM: undefined }],
      ['isLinkSIM not a boolean', { isLinkSIM: 'maybe' }],
      ['roamingProfileId missing', { roamingProfileId: undefined }],
      ['iccid missing with isLinkSIM', { iccid: undefined }],
      ['isDefaultActivation not a boolean', { isDefaultActivation: 'yes' }],
    ])('refuses a create with %s (10117, nothing created)', async (_label, override) => {
      const t = await start();
      const param = {
        name: 'n',
        isLinkSIM: 'true',
        iccid: t.iccid(0),
        isDefaultActivation: 'false',
        ...override,
      };
      const answer = await t.send('createEndpoint', { body: createBody(param) });
      expect(R(answer).resultCode).toBe('1');
      expect(R(answer).resultParam.resultCode).toBe('10117');
      expect(t.sim.listEndpoints()).toHaveLength(0);
    });

    it('accepts a create without roamingProfileId when mandatory fields are not enforced', async () => {
      const t = await start({ requireMandatoryCreateFields: false });
      const answer = await t.send('createEndpoint', {
        body: { Request: { requestParam: { name: 'n', iccid: t.iccid(0), isLinkSIM: 'true' } } },
      });
      expect(R(answer).resultCode).toBe('0');
    });

    it('refuses an unknown ICCID', async () => {
      const t = await start();
      const answer = await t.send('createEndpoint', {
        body: createBody({
          name: 'n',
          isLinkSIM: 'true',
          iccid: '8932042000000000000',
          isDefaultActivation: 'false',
        }),
      });
      expect(R(answer).resultCode).toBe('1');
      expect(R(answer).resultParam.resultDescription).toMatch(/SIM not found/);
    });

    it('refuses a second endpoint for a linked SIM (one SIM, one endpoint) and counts both calls', async () => {
      const t = await start();
      await t.createFor(0);
      const again = await t.send('createEndpoint', {
        body: createBody({ name: 'dup', isLinkSIM: 'true', iccid: t.iccid(0), isDefaultActivation: 'false' }),
      });
      expect(R(again).resultCode).toBe('1');
      expect(t.sim.listEndpoints()).toHaveLength(1);
      expect(t.sim.counters().createCallsByIccid[t.iccid(0)]).toBe(2);
      expect(t.sim.counters().endpointsCreatedByIccid[t.iccid(0)]).toBe(1);
    });

    it('subscribes addonPlanIds at creation, and refuses more than 15', async () => {
      const t = await start();
      const id = await t.createFor(0, { addonPlanIds: ['A1', 'A2'] });
      expect(t.sim.getEndpoint(id)?.addons.map((a) => a.addonPlanId)).toEqual(['A1', 'A2']);
      const many = Array.from({ length: 16 }, (_, i) => `P${i}`);
      const answer = await t.send('createEndpoint', {
        body: createBody({
          name: 'n',
          isLinkSIM: 'true',
          iccid: t.iccid(1),
          isDefaultActivation: 'false',
          addonPlanIds: many,
        }),
      });
      expect(R(answer).resultCode).toBe('1');
    });
  });

  describe('fetchSIM', () => {
    it('pages 1-based with perPage; the last page is shorter and a page past the end is empty', async () => {
      const t = await start({ sims: 5 });
      const p1 = await t.send('fetchSims', { query: { page: 1, perPage: 2 } });
      const p3 = await t.send('fetchSims', { query: { page: 3, perPage: 2 } });
      const p4 = await t.send('fetchSims', { query: { page: 4, perPage: 2 } });
      expect(R(p1).responseParam.rows.map((r: { iccid: string }) => r.iccid)).toEqual([
        t.iccid(0),
        t.iccid(1),
      ]);
      expect(R(p3).responseParam.rows).toHaveLength(1);
      expect(R(p4).resultCode).toBe('0');
      expect(R(p4).responseParam.rows).toEqual([]);
    });

    it('answers rows with the observed keys: endPointId "-" when not attached, activation code', async () => {
      const t = await start();
      const answer = await t.send('fetchSims', { query: { iccid: t.iccid(3) } });
      const [row] = R(answer).responseParam.rows;
      expect(row).toMatchObject({
        iccid: t.iccid(3),
        endPointId: '-',
        simStatus: 'Ready To Activate',
        simAttachStatus: 'NOT ATTACHED',
      });
      expect(isValidLuhn(row.iccid)).toBe(true);
      expect(row.activationCode.textQrCode).toBe(`LPA:1$smdp.example$${row.activationCode.matchingId}`);
      expect(row.activationCode.smDpPlusAdress).toBe('smdp.example');
    });

    it('filters by iccid: the linked endpoint is found; an unknown ICCID gives no rows', async () => {
      const t = await start();
      const id = await t.createFor(2);
      const [row] = R(await t.send('fetchSims', { query: { iccid: t.iccid(2) } })).responseParam.rows;
      expect(row).toMatchObject({ endPointId: id, simStatus: 'Pre-Active', simAttachStatus: 'ATTACHED' });
      expect(
        R(await t.send('fetchSims', { query: { iccid: '8932042000000000000' } })).responseParam.rows,
      ).toEqual([]);
    });

    it('filters Pre-Active attached SIMs with the documented simStatusId=12&simAttachStatusId=1', async () => {
      const t = await start();
      await t.createFor(4);
      await t.createFor(7);
      await t.createFor(9, { isDefaultActivation: 'true' });
      const answer = await t.send('fetchSims', {
        query: { simStatusId: 12, simAttachStatusId: 1, page: 1, perPage: 10 },
      });
      expect(R(answer).responseParam.rows.map((r: { iccid: string }) => r.iccid)).toEqual([
        t.iccid(4),
        t.iccid(7),
      ]);
      const notAttached = await t.send('fetchSims', { query: { simAttachStatusId: 0, perPage: 100 } });
      expect(R(notAttached).responseParam.rows).toHaveLength(17);
    });

    it.each([
      ['an unknown simStatusId', { simStatusId: 99 }],
      ['an unknown simAttachStatusId', { simAttachStatusId: 7 }],
      ['page 0', { page: 0 }],
      ['a non-numeric perPage', { perPage: 'ten' }],
      ['perPage above the maximum', { perPage: 1001 }],
    ])('refuses %s with 10117', async (_label, query) => {
      const t = await start();
      const answer = await t.send('fetchSims', { query: query as Record<string, string | number> });
      expect(R(answer).resultCode).toBe('1');
      expect(R(answer).resultParam.resultCode).toBe('10117');
    });
  });

  describe('GetEndPoints and GetEndPointProfile', () => {
    it('lists endpoints in creation order, paged, with endPointStatus', async () => {
      const t = await start();
      const ids = [
        await t.createFor(0),
        await t.createFor(1),
        await t.createFor(2, { isDefaultActivation: 'true' }),
      ];
      const p1 = R(await t.send('listEndpoints', { query: { page: 1, perPage: 2 } })).responseParam.rows;
      const p2 = R(await t.send('listEndpoints', { query: { page: 2, perPage: 2 } })).responseParam.rows;
      expect([...p1, ...p2].map((r: { endPointId: string }) => r.endPointId)).toEqual(ids);
      expect(p2[0]).toMatchObject({ name: 'ep-2', iccid: t.iccid(2), endPointStatus: 'Active' });
    });

    it('answers the profile under Response.info.basicInfo', async () => {
      const t = await start();
      const id = await t.createFor(0);
      const answer = await t.send('getEndpointProfile', { query: { endPointId: id } });
      expect(R(answer).info.basicInfo).toMatchObject({
        iccid: t.iccid(0),
        name: 'ep-0',
        endPointStatus: 'Pre-Active',
      });
      expect(R(answer).info.basicInfo.imsi).toMatch(/^\d+$/);
    });

    it('refuses the profile of an unknown endpoint', async () => {
      const t = await start();
      const answer = await t.send('getEndpointProfile', { query: { endPointId: '1' } });
      expect(R(answer).resultCode).toBe('1');
      expect(R(answer).resultParam.resultDescription).toMatch(/Endpoint not found/);
    });
  });

  describe('activation and lifecycle', () => {
    it('activates a Pre-Active endpoint: endpoint and SIM become Active, counted once', async () => {
      const t = await start();
      const id = await t.createFor(0);
      const answer = await t.send('activateEndpoint', { body: scoped(id) });
      expect(R(answer).resultCode).toBe('0');
      expect(t.sim.getEndpoint(id)?.status).toBe('Active');
      expect(t.sim.getSim(t.iccid(0))?.status).toBe('Active');
      expect(t.sim.counters().activationsByEndpoint[id]).toBe(1);
    });

    it('answers "already active" (2507, top-level "1") to a second activation, without counting it', async () => {
      const t = await start();
      const id = await t.createFor(0);
      await t.send('activateEndpoint', { body: scoped(id) });
      const again = await t.send('activateEndpoint', { body: scoped(id) });
      expect(R(again).resultCode).toBe('1');
      expect(R(again).resultParam.resultCode).toBe('2507');
      expect(t.sim.counters().activationsByEndpoint[id]).toBe(1);
    });

    it('refuses to activate an endpoint without a SIM, and an unknown endpoint', async () => {
      const t = await start();
      const bare = R(
        await t.send('createEndpoint', { body: createBody({ name: 'b', isLinkSIM: 'false' }) }),
      ).endPointId;
      expect(R(await t.send('activateEndpoint', { body: scoped(bare) })).resultCode).toBe('1');
      expect(R(await t.send('activateEndpoint', { body: scoped('404') })).resultCode).toBe('1');
      expect(R(await t.send('activateEndpoint', { body: {} })).resultParam.resultCode).toBe('10117');
    });

    it('suspends an Active endpoint (S) and resumes it (A); the SIM follows', async () => {
      const t = await start();
      const id = await t.createFor(0, { isDefaultActivation: 'true' });
      expect(
        R(await t.send('changeLifecycle', { body: scoped(id, { lifeCycle: 'S', reason: '1' }) })).resultCode,
      ).toBe('0');
      expect(t.sim.getEndpoint(id)?.status).toBe('Suspended');
      expect(t.sim.getSim(t.iccid(0))?.status).toBe('Suspended');
      expect(R(await t.send('changeLifecycle', { body: scoped(id, { lifeCycle: 'A' }) })).resultCode).toBe(
        '0',
      );
      expect(t.sim.getEndpoint(id)?.status).toBe('Active');
      expect(t.sim.getSim(t.iccid(0))?.status).toBe('Active');
    });

    it('moves a Pre-Active endpoint to Active with lifecycle A (the travel use case)', async () => {
      const t = await start();
      const id = await t.createFor(0);
      await t.send('changeLifecycle', { body: scoped(id, { lifeCycle: 'A' }) });
      expect(t.sim.getEndpoint(id)?.status).toBe('Active');
      expect(t.sim.counters().activationsByEndpoint[id]).toBe(1);
    });

    it('refuses to suspend a Pre-Active endpoint, resume an Active one, or an unknown lifeCycle', async () => {
      const t = await start();
      const pre = await t.createFor(0);
      const active = await t.createFor(1, { isDefaultActivation: 'true' });
      expect(R(await t.send('changeLifecycle', { body: scoped(pre, { lifeCycle: 'S' }) })).resultCode).toBe(
        '1',
      );
      expect(t.sim.getEndpoint(pre)?.status).toBe('Pre-Active');
      expect(
        R(await t.send('changeLifecycle', { body: scoped(active, { lifeCycle: 'A' }) })).resultParam
          .resultCode,
      ).toBe('2507');
      expect(
        R(await t.send('changeLifecycle', { body: scoped(pre, { lifeCycle: 'X' }) })).resultParam.resultCode,
      ).toBe('10117');
    });
  });

  describe('LinkSim, DeLinkSim and DeleteEndPoint', () => {
    it('de-links: endpoint on Hold, SIM back to Ready To Activate; re-links: both Pre-Active', async () => {
      const t = await start();
      const id = await t.createFor(0);
      const delinked = await t.send('delinkSim', { body: scoped(id) });
      expect(R(delinked).resultCode).toBe('0');
      expect(t.sim.getEndpoint(id)).toMatchObject({ status: 'Hold', iccid: undefined });
      expect(t.sim.getSim(t.iccid(0))).toMatchObject({ status: 'Ready To Activate', endpointId: undefined });
      const linked = await t.send('linkSim', { body: scoped(id, { iccid: t.iccid(1) }) });
      expect(R(linked).resultCode).toBe('0');
      expect(t.sim.getEndpoint(id)).toMatchObject({ status: 'Pre-Active', iccid: t.iccid(1) });
      expect(t.sim.getSim(t.iccid(1))).toMatchObject({ status: 'Pre-Active', endpointId: id });
    });

    it('refuses to link a SIM that is attached elsewhere, or to an endpoint that has a SIM', async () => {
      const t = await start();
      const a = await t.createFor(0);
      const b = await t.createFor(1);
      await t.send('delinkSim', { body: scoped(b) });
      expect(R(await t.send('linkSim', { body: scoped(b, { iccid: t.iccid(0) }) })).resultCode).toBe('1');
      expect(R(await t.send('linkSim', { body: scoped(a, { iccid: t.iccid(2) }) })).resultCode).toBe('1');
      expect(
        R(await t.send('linkSim', { body: scoped(b, { iccid: '8932042000000000000' }) })).resultCode,
      ).toBe('1');
      expect(R(await t.send('linkSim', { body: scoped(b) })).resultParam.resultCode).toBe('10117');
      expect(t.sim.getEndpoint(a)?.iccid).toBe(t.iccid(0));
    });

    it('refuses to de-link an endpoint without a SIM', async () => {
      const t = await start();
      const id = await t.createFor(0);
      await t.send('delinkSim', { body: scoped(id) });
      expect(R(await t.send('delinkSim', { body: scoped(id) })).resultCode).toBe('1');
    });

    it('deletes an endpoint (10159) and returns its SIM to inventory; an unknown id is refused', async () => {
      const t = await start();
      const id = await t.createFor(0);
      const answer = await t.send('deleteEndpoint', { body: scoped(id) });
      expect(R(answer).resultParam.resultCode).toBe('10159');
      expect(t.sim.getEndpoint(id)).toBeUndefined();
      expect(t.sim.getSim(t.iccid(0))?.status).toBe('Ready To Activate');
      expect(R(await t.send('deleteEndpoint', { body: scoped(id) })).resultCode).toBe('1');
    });
  });

  describe('createTag', () => {
    it('creates a tag (10149) and answers tagId', async () => {
      const t = await start();
      const answer = await t.send('createTag', {
        body: { tagInfo: { createTag: { tagName: 'batch-2026_01', tagDescription: 'pre created' } } },
      });
      expect(R(answer).resultCode).toBe('0');
      expect(R(answer).resultParam.resultCode).toBe('10149');
      expect(t.sim.listTags()).toEqual([
        expect.objectContaining({ tagId: R(answer).tagId, tagName: 'batch-2026_01' }),
      ]);
    });

    it('accepts several tags as an array and answers tagIds', async () => {
      const t = await start();
      const answer = await t.send('createTag', {
        body: { tagInfo: { createTag: [{ tagName: 'a' }, { tagName: 'b' }] } },
      });
      expect(R(answer).tagIds).toHaveLength(2);
    });

    it.each([
      ['a forbidden character', { tagName: 'bad tag!' }],
      ['a name over 100 characters', { tagName: 'x'.repeat(101) }],
      ['no tagName', {}],
    ])('refuses a tag with %s (10117)', async (_label, tag) => {
      const t = await start();
      const answer = await t.send('createTag', { body: { tagInfo: { createTag: tag } } });
      expect(R(answer).resultParam.resultCode).toBe('10117');
      expect(t.sim.listTags()).toEqual([]);
    });

    it('refuses a duplicate tag name', async () => {
      const t = await start();
      await t.send('createTag', { body: { tagInfo: { createTag: { tagName: 'dup' } } } });
      const again = await t.send('createTag', { body: { tagInfo: { createTag: { tagName: 'dup' } } } });
      expect(R(again).resultCode).toBe('1');
    });
  });

  describe('add-ons (PATCH /api/endpoint) and GetStatistics (unverified)', () => {
    it('adds and removes add-ons, answering the endpoint add-ons with uniqueId and addonPlanId', async () => {
      const t = await start();
      const id = await t.createFor(0);
      const added = await t.send('modifyEndpoint', {
        body: scoped(id, { addAddonPlanIds: ['EU-1GB', 'US-1GB'] }),
      });
      const addons = R(added).responseParam.addons;
      expect(addons.map((a: { addonPlanId: string }) => a.addonPlanId)).toEqual(['EU-1GB', 'US-1GB']);
      const removed = await t.send('modifyEndpoint', {
        body: scoped(id, { removeAddonUniqueIds: [addons[0].uniqueId] }),
      });
      expect(R(removed).responseParam.addons).toEqual([addons[1]]);
    });

    it('refuses a 16th active add-on and changes nothing', async () => {
      const t = await start();
      const id = await t.createFor(0);
      const fifteen = Array.from({ length: 15 }, (_, i) => `P${i}`);
      expect(
        R(await t.send('modifyEndpoint', { body: scoped(id, { addAddonPlanIds: fifteen }) })).resultCode,
      ).toBe('0');
      const over = await t.send('modifyEndpoint', { body: scoped(id, { addAddonPlanIds: ['P15'] }) });
      expect(R(over).resultCode).toBe('1');
      expect(t.sim.getEndpoint(id)?.addons).toHaveLength(15);
    });

    it('refuses removing an unknown add-on, and a modify with nothing to do', async () => {
      const t = await start();
      const id = await t.createFor(0);
      expect(
        R(await t.send('modifyEndpoint', { body: scoped(id, { removeAddonUniqueIds: ['nope'] }) }))
          .resultCode,
      ).toBe('1');
      expect(R(await t.send('modifyEndpoint', { body: scoped(id, {}) })).resultParam.resultCode).toBe(
        '10117',
      );
    });

    it('answers deterministic daily usage for an activated endpoint and zero for a never-activated one', async () => {
      const t = await start();
      const active = await t.createFor(0, { isDefaultActivation: 'true' });
      const pre = await t.createFor(1);
      const query = { from_date: '20260101', to_date: '20260103' };
      const a1 = R(await t.send('getStatistics', { query: { endPointId: active, ...query } })).responseParam;
      const a2 = R(await t.send('getStatistics', { query: { endPointId: active, ...query } })).responseParam;
      expect(a1).toEqual(a2);
      expect(a1.dataUsage.map((d: { date: string }) => d.date)).toEqual(['20260101', '20260102', '20260103']);
      expect(a1.dataTotalUsage).toBe(
        a1.dataUsage.reduce((s: number, d: { totalVolume: number }) => s + d.totalVolume, 0),
      );
      expect(a1.dataTotalUsage).toBeGreaterThan(0);
      const p = R(await t.send('getStatistics', { query: { endPointId: pre, ...query } })).responseParam;
      expect(p.dataTotalUsage).toBe(0);
    });

    it.each([
      ['a malformed date', { from_date: '2026-01-01', to_date: '20260102' }],
      ['an impossible date', { from_date: '20260231', to_date: '20260301' }],
      ['to before from', { from_date: '20260105', to_date: '20260101' }],
    ])('refuses GetStatistics with %s (10117)', async (_label, query) => {
      const t = await start();
      const id = await t.createFor(0);
      const answer = await t.send('getStatistics', { query: { endPointId: id, ...query } });
      expect(R(answer).resultParam.resultCode).toBe('10117');
    });
  });

  describe('faults', () => {
    it('answers HTTP 500 before any change on a serverError fault', async () => {
      const t = await start();
      t.sim.failNext({ kind: 'serverError', operation: 'createEndpoint' });
      const answer = await t.send('createEndpoint', {
        body: createBody({ name: 'n', isLinkSIM: 'true', iccid: t.iccid(0), isDefaultActivation: 'false' }),
      });
      expect(answer.status).toBe(500);
      expect(t.sim.listEndpoints()).toHaveLength(0);
      expect(t.sim.counters().faultsInjected.serverError).toBe(1);
      expect(t.sim.counters().createCallsByIccid[t.iccid(0)]).toBe(1);
    });

    it('a lost-after-commit create answers the documented 10240 timeout yet leaves the endpoint created, and the counters show it', async () => {
      const t = await start();
      t.sim.failNext({ kind: 'lostAfterCommit', operation: 'createEndpoint' });
      const answer = await t.send('createEndpoint', {
        body: createBody({ name: 'n', isLinkSIM: 'true', iccid: t.iccid(0), isDefaultActivation: 'false' }),
      });
      expect(answer.status).toBe(200);
      expect(R(answer).resultCode).toBe('1');
      expect(R(answer).resultParam).toEqual({
        resultCode: '10240',
        resultDescription: TIMEOUT_MESSAGE_WRITE,
      });
      expect(R(answer).endPointId).toBeUndefined();
      const [row] = R(await t.send('fetchSims', { query: { iccid: t.iccid(0) } })).responseParam.rows;
      expect(row.simAttachStatus).toBe('ATTACHED');
      expect(t.sim.getEndpoint(row.endPointId)?.status).toBe('Pre-Active');
      const counters = t.sim.counters();
      expect(counters.faultsInjected.lostAfterCommit).toBe(1);
      expect(counters.faultsByOperation.createEndpoint?.lostAfterCommit).toBe(1);
      expect(counters.createCallsByIccid[t.iccid(0)]).toBe(1);
      expect(counters.endpointsCreatedByIccid[t.iccid(0)]).toBe(1);
    });

    it('answers a lost GET with the documented read timeout message', async () => {
      const t = await start();
      t.sim.failNext({ kind: 'lostAfterCommit', operation: 'fetchSims' });
      const answer = await t.send('fetchSims');
      expect(R(answer).resultParam).toEqual({ resultCode: '10240', resultDescription: TIMEOUT_MESSAGE_READ });
    });

    it('drops the connection after committing on a dropAfterCommit fault', async () => {
      const t = await start();
      t.sim.failNext({ kind: 'dropAfterCommit', operation: 'createEndpoint' });
      await expect(
        t.send('createEndpoint', {
          body: createBody({ name: 'n', isLinkSIM: 'true', iccid: t.iccid(0), isDefaultActivation: 'false' }),
        }),
      ).rejects.toThrow();
      expect(t.sim.listEndpoints()).toHaveLength(1);
      expect(t.sim.counters().faultsInjected.dropAfterCommit).toBe(1);
      expect((await t.send('fetchSims')).status).toBe(200);
    });

    it('injects faults at the configured rate per operation, and never into login by default', async () => {
      const t = await start();
      t.sim.configure({ faults: { serverError: 1 } });
      expect((await t.send('fetchSims')).status).toBe(500);
      expect((await call(t.baseUrl, 'login', { body: t.sim.credentials })).status).toBe(200);
      t.sim.configure({ faults: { serverError: 0, perOperation: { listEndpoints: { serverError: 1 } } } });
      expect((await t.send('fetchSims')).status).toBe(200);
      expect((await t.send('listEndpoints')).status).toBe(500);
    });
  });

  describe('latency', () => {
    it('still answers every operation when a latency is configured (delays use real timers)', async () => {
      const t = await start({ latency: { medianMs: 3, sigma: 0, longOperationExtraMs: 2 } });
      expect((await t.send('fetchSims')).status).toBe(200);
      expect(await t.createFor(0)).toBeTruthy();
    });
  });

  describe('protocol', () => {
    it('answers 404 to an unknown path and 405 to a known path with the wrong method', async () => {
      const t = await start();
      const unknown = await fetch(`${t.baseUrl}/api/NoSuchApi`, {
        headers: { 'X-Authorization': `Bearer ${t.token}` },
      });
      expect(unknown.status).toBe(404);
      const wrong = await fetch(`${t.baseUrl}/api/CreateEndPoint`, {
        headers: { 'X-Authorization': `Bearer ${t.token}` },
      });
      expect(wrong.status).toBe(405);
      expect(t.sim.counters().unknownRequests).toBe(2);
    });

    it('answers 400 (10117) to a body that is not JSON', async () => {
      const t = await start();
      const res = await fetch(`${t.baseUrl}/api/CreateEndPoint`, {
        method: 'POST',
        headers: { 'X-Authorization': `Bearer ${t.token}`, 'Content-Type': 'application/json' },
        body: '{not json',
      });
      expect(res.status).toBe(400);
      expect(
        ((await res.json()) as { Response: { resultParam: { resultCode: string } } }).Response.resultParam
          .resultCode,
      ).toBe('10117');
    });

    it('counts requests per operation and stamps a fresh responseId on every envelope', async () => {
      const t = await start();
      const a = R(await t.send('fetchSims'));
      const b = R(await t.send('fetchSims'));
      expect(a.responseId).not.toBe(b.responseId);
      expect(t.sim.counters().requestsByOperation).toMatchObject({ login: 1, fetchSims: 2 });
    });
  });
}
