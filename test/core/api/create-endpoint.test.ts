import { describe, expect, it } from 'vitest';
import { createEndpoint, SftValidationError, validateCreateEndpointInput } from '../../../src/index.js';
import { fail, iccid, ok, rows, useFakeSft } from '../fixtures/fake-sft.js';

const { sft, makeClient } = useFakeSft();

const param = (i = 0) =>
  (sft.to('/api/CreateEndPoint')[i]!.body as { Request: { requestParam: Record<string, unknown> } }).Request
    .requestParam;

describe('createEndpoint', () => {
  it('sends isDefaultActivation "false" unless opted in, so endpoints are created Pre-Active', async () => {
    sft.on('/api/CreateEndPoint', () => ok({ endPointId: '1' }));
    const record = await createEndpoint(makeClient(), { name: 'inv', iccid: iccid(1) });
    expect(param().isDefaultActivation).toBe('false');
    expect(record.state).toBe('pre-active');
  });

  it('sends isDefaultActivation "false" when the input says false explicitly', async () => {
    sft.on('/api/CreateEndPoint', () => ok({ endPointId: '1' }));
    await createEndpoint(makeClient(), { name: 'inv', iccid: iccid(1), isDefaultActivation: false });
    expect(param().isDefaultActivation).toBe('false');
  });

  it('sends isDefaultActivation "true" only when opted in, and records the endpoint as active', async () => {
    sft.on('/api/CreateEndPoint', () => ok({ endPointId: '1' }));
    const record = await createEndpoint(makeClient(), {
      name: 'inv',
      iccid: iccid(1),
      isDefaultActivation: true,
    });
    expect(param().isDefaultActivation).toBe('true');
    expect(record.state).toBe('active');
  });

  it('records the created endpoint in the client store', async () => {
    sft.on('/api/CreateEndPoint', () => ok({ endPointId: '4711' }));
    const client = makeClient();
    const record = await client.createEndpoint({
      name: 'inv-7',
      iccid: iccid(7),
      tags: ['batch-1', 'batch-1'],
    });
    expect(record).toEqual({
      endpointId: '4711',
      iccid: iccid(7),
      name: 'inv-7',
      tags: ['batch-1'],
      state: 'pre-active',
    });
    expect(await client.store.getByIccid(iccid(7))).toMatchObject({
      endpointId: '4711',
      name: 'inv-7',
      tags: ['batch-1'],
      state: 'pre-active',
    });
  });

  it('uses the client defaults for roaming profile, plan and APN group', async () => {
    sft.on('/api/CreateEndPoint', () => ok({ endPointId: '1' }));
    await makeClient({
      defaults: { roamingProfileId: '3017', planId: 'P1', apnGroupId: 'PDP_1' },
    }).createEndpoint({
      name: 'inv',
      iccid: iccid(1),
    });
    expect(param()).toMatchObject({ roamingProfileId: '3017', planId: 'P1', apnGroupId: 'PDP_1' });
  });

  it('looks the ICCID up when the answer lacks endPointId', async () => {
    sft.on('/api/CreateEndPoint', () => ok());
    sft.on('/api/fetchSIM', () => rows([{ iccid: iccid(1), endPointId: '88', simAttachStatus: 'ATTACHED' }]));
    await expect(makeClient().createEndpoint({ name: 'inv', iccid: iccid(1) })).resolves.toMatchObject({
      endpointId: '88',
    });
  });

  it('a success without endPointId whose ICCID lookup fails is an unknown outcome, not "not applied"', async () => {
    sft.on('/api/CreateEndPoint', () => ok());
    sft.on('/api/fetchSIM', () => fail('10117', 'Incorrect value in iccid'));
    const error = await makeClient()
      .createEndpoint({ name: 'inv', iccid: iccid(1) })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SftApiError', operation: 'createEndpoint', outcome: 'unknown' });
    expect((error as Error).cause).toMatchObject({ resultCode: '10117' });
    expect(sft.to('/api/CreateEndPoint')).toHaveLength(1);
  });

  it('validates before sending: every issue names its field and rule, nothing is sent', async () => {
    const error = await makeClient()
      .createEndpoint({ name: '', iccid: '8932000000000000001', tags: ['bad tag!'] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SftValidationError);
    const issues = (error as SftValidationError).issues;
    expect(issues.map((i) => i.field).sort()).toEqual(['iccid', 'name', 'tags.0']);
    expect(issues.find((i) => i.field === 'iccid')?.message).toMatch(/Luhn/);
    expect((error as Error).message).toMatch(/nothing was sent/);
    expect(sft.requests).toHaveLength(0);
  });

  it('rejects ICCIDs of the wrong length or with non-digits', () => {
    for (const bad of ['123', '8932000000000000000000001', '89320000000000000a06']) {
      expect(() => validateCreateEndpointInput({ name: 'x', iccid: bad })).toThrow(SftValidationError);
    }
  });

  it('rejects names longer than 100 characters', () => {
    expect(() => validateCreateEndpointInput({ name: 'x'.repeat(101), iccid: iccid(1) })).toThrow(/name/);
    expect(() => validateCreateEndpointInput({ name: 'x'.repeat(100), iccid: iccid(1) })).not.toThrow();
  });

  it('accepts a wrong check digit when the client relaxes iccidCheckDigit', async () => {
    sft.on('/api/CreateEndPoint', () => ok({ endPointId: '1' }));
    const wrong = `${iccid(1).slice(0, -1)}${(Number(iccid(1).slice(-1)) + 1) % 10}`;
    await expect(makeClient().createEndpoint({ name: 'x', iccid: wrong })).rejects.toThrow(
      SftValidationError,
    );
    await expect(
      makeClient({ iccidCheckDigit: false }).createEndpoint({ name: 'x', iccid: wrong }),
    ).resolves.toBeDefined();
  });

  it('keeps the check-digit rule of each call apart, whatever was validated before', () => {
    const wrong = `${iccid(2).slice(0, -1)}${(Number(iccid(2).slice(-1)) + 1) % 10}`;
    for (let round = 0; round < 2; round++) {
      expect(() =>
        validateCreateEndpointInput({ name: 'x', iccid: wrong }, { checkDigit: false }),
      ).not.toThrow();
      expect(() => validateCreateEndpointInput({ name: 'x', iccid: wrong })).toThrow(/Luhn/);
      expect(() => validateCreateEndpointInput({ name: 'x', iccid: wrong }, { checkDigit: true })).toThrow(
        /Luhn/,
      );
      expect(() => validateCreateEndpointInput({ name: '', iccid: wrong }, { checkDigit: false })).toThrow(
        /name/,
      );
    }
  });

  it('refuses extra fields that repeat a modelled field (isDefaultActivation cannot be smuggled in)', () => {
    expect(() =>
      validateCreateEndpointInput({ name: 'x', iccid: iccid(1), extra: { isDefaultActivation: 'true' } }),
    ).toThrow(/extra.isDefaultActivation/);
  });
});
