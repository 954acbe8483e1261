import { describe, expect, it } from 'vitest';
import { fetchSims, listEndpoints } from '../../../src/index.js';
import { fail, iccid, rows, useFakeSft } from '../fixtures/fake-sft.js';

const { sft, makeClient } = useFakeSft();

const simRow = (n: number, endPointId = '-') => ({
  iccid: iccid(n),
  endPointId,
  simStatus: endPointId === '-' ? 'Ready To Activate' : 'Pre-Active',
  simAttachStatus: endPointId === '-' ? 'NOT ATTACHED' : 'ATTACHED',
  activationCode: { textQrCode: `LPA:1$x$${n}`, smDpPlusAdress: 'smdp.example', matchingId: `m${n}` },
});

describe('paged reads', () => {
  it('fetchSims reads pages lazily until a page is shorter than perPage', async () => {
    const all = Array.from({ length: 5 }, (_, i) => simRow(i, i % 2 ? String(100 + i) : '-'));
    sft.on('/api/fetchSIM', (req) => {
      const page = Number(req.query.page);
      const perPage = Number(req.query.perPage);
      return rows(all.slice((page - 1) * perPage, page * perPage));
    });
    const seen = [];
    for await (const sim of fetchSims(makeClient(), { perPage: 2 })) seen.push(sim);
    expect(seen.map((s) => s.iccid)).toEqual(all.map((r) => r.iccid));
    expect(sft.to('/api/fetchSIM').map((r) => r.query.page)).toEqual(['1', '2', '3']);
    expect(seen[0]).toMatchObject({ attached: false, simStatus: 'Ready To Activate' });
    expect(seen[0]?.endpointId).toBeUndefined();
    expect(seen[1]).toMatchObject({
      endpointId: '101',
      attached: true,
      activationCode: { textQrCode: 'LPA:1$x$1', smDpPlusAddress: 'smdp.example', matchingId: 'm1' },
    });
  });

  it('stops early when the caller stops iterating (no further page is fetched)', async () => {
    sft.on('/api/fetchSIM', () => rows([simRow(1), simRow(2)]));
    for await (const _ of fetchSims(makeClient(), { perPage: 2 })) break;
    expect(sft.to('/api/fetchSIM')).toHaveLength(1);
  });

  it('treats the 1359 "no data" answer as an empty result', async () => {
    sft.on('/api/fetchSIM', () => fail('1359', 'No data available'));
    const seen = [];
    for await (const sim of fetchSims(makeClient())) seen.push(sim);
    expect(seen).toEqual([]);
  });

  it('listEndpoints maps SFT state names, including Active-Test and Hold', async () => {
    sft.on('/api/GetEndPoints', () =>
      rows([
        { endPointId: '1', endPointStatus: 'Active-Test' },
        { endPointId: '2', endPointStatus: 'Hold', iccid: '-' },
        { endPointId: '3', endPointStatus: 'Suspended' },
        { name: 'row without id' },
      ]),
    );
    const seen = [];
    for await (const e of listEndpoints(makeClient())) seen.push(e);
    expect(seen.map((e) => [e.endpointId, e.state, e.iccid])).toEqual([
      ['1', 'active', undefined],
      ['2', 'hold', undefined],
      ['3', 'suspended', undefined],
    ]);
  });

  it('honours startPage and maxPages', async () => {
    sft.on('/api/GetEndPoints', () => rows([{ endPointId: '1' }]));
    for await (const _ of listEndpoints(makeClient(), { perPage: 1, startPage: 3, maxPages: 2 })) {
    }
    expect(sft.to('/api/GetEndPoints').map((r) => r.query.page)).toEqual(['3', '4']);
  });
});
