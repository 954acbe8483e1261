import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SftValidationError } from '../../src/errors.js';
import { luhnCheckDigit } from '../../src/internal/luhn.js';
import { createBulkEndpoints } from '../../src/provisioning/bulk.js';
import type { BulkResult } from '../../src/provisioning/types.js';
import type { RunningSftSimulator } from '../../src/testing/server.js';
import type { CreateEndpointInput } from '../../src/types.js';
import { clientFor, FAST_RETRY, startSim } from './fixture.js';

let running: RunningSftSimulator;
beforeAll(async () => {
  running = await startSim();
});
afterAll(() => running.close());

/** A Luhn-valid ICCID that is not in the simulator's inventory shape, from an 18-digit payload. */
function withCheckDigit(payload: string): string {
  return `${payload}${luhnCheckDigit(payload)}`;
}

describe('createBulkEndpoints with bad rows', () => {
  it('fails each bad row with its index and reason before sending anything, and creates the valid rows', async () => {
    const client = clientFor(running);
    const sims = running.sim.listSims();
    const good = (i: number): CreateEndpointInput => ({ name: `ok-${i}`, iccid: sims[i]!.iccid });
    const validIccid = sims[0]!.iccid;
    const badLuhn = `${validIccid.slice(0, -1)}${(Number(validIccid.at(-1)) + 1) % 10}`;
    // Each bad row, with the field its issue must name.
    const bad: [label: string, row: unknown, field: RegExp][] = [
      ['row is null', null, /input/],
      ['row is a string', '8932042000000000001', /input/],
      ['ICCID missing', { name: 'x' }, /^iccid$/],
      ['ICCID with letters', { name: 'x', iccid: '89320420000000000AB' }, /^iccid$/],
      ['ICCID too short (18 digits)', { name: 'x', iccid: withCheckDigit('89320420000000001') }, /^iccid$/],
      ['ICCID too long (21 digits)', { name: 'x', iccid: withCheckDigit('89320420000000000001') }, /^iccid$/],
      ['ICCID with a wrong Luhn check digit', { name: 'x', iccid: badLuhn }, /^iccid$/],
      ['ICCID given as a number', { name: 'x', iccid: 8932042000000000000 }, /^iccid$/],
      ['duplicate ICCID within the input', { name: 'again', iccid: validIccid }, /^iccid$/],
      ['name missing', { iccid: sims[20]!.iccid }, /^name$/],
      ['name blank', { name: '   ', iccid: sims[21]!.iccid }, /^name$/],
      ['name longer than 100 characters', { name: 'n'.repeat(101), iccid: sims[22]!.iccid }, /^name$/],
      ['tags not a list', { name: 'x', iccid: sims[23]!.iccid, tags: 'batch-1' }, /^tags$/],
      ['tag with a space', { name: 'x', iccid: sims[24]!.iccid, tags: ['batch 1'] }, /^tags\.0$/],
      [
        'tag with a forbidden character',
        { name: 'x', iccid: sims[25]!.iccid, tags: ['ok', 'b#2'] },
        /^tags\.1$/,
      ],
      [
        'isDefaultActivation not a boolean',
        { name: 'x', iccid: sims[26]!.iccid, isDefaultActivation: 'yes' },
        /^isDefaultActivation$/,
      ],
      [
        'a modelled field hidden in extra',
        { name: 'x', iccid: sims[27]!.iccid, extra: { iccid: '1' } },
        /^extra\.iccid$/,
      ],
    ];
    const rows: unknown[] = [good(0)];
    const expectedBad = new Map<number, [string, RegExp]>();
    bad.forEach(([label, row, field], i) => {
      expectedBad.set(rows.length, [label, field]);
      rows.push(row);
      rows.push(good(i + 1));
    });

    const results: BulkResult[] = [];
    for await (const r of createBulkEndpoints(client, rows as CreateEndpointInput[], { retry: FAST_RETRY })) {
      results.push(r);
    }

    expect(results).toHaveLength(rows.length);
    for (const result of results) {
      const expected = expectedBad.get(result.index);
      if (!expected) {
        expect(result.status, `row ${result.index}`).toBe('created');
        continue;
      }
      const [label, field] = expected;
      expect(result.status, label).toBe('failed');
      expect(result.attempts, label).toBe(0);
      expect(result.error, label).toBeInstanceOf(SftValidationError);
      const issues = (result.error as SftValidationError).issues;
      expect(
        issues.every((i) => i.row === result.index),
        label,
      ).toBe(true);
      expect(
        issues.some((i) => field.test(i.field)),
        `${label}: ${JSON.stringify(issues)}`,
      ).toBe(true);
    }
    const duplicate = results.find(
      (r) => expectedBad.get(r.index)?.[0] === 'duplicate ICCID within the input',
    )!;
    expect(duplicate.error?.message).toContain('row 0 has the same ICCID');

    // Nothing was sent for the bad rows: one create per valid row, and no create for a bad row's ICCID.
    const calls = running.sim.counters().createCallsByIccid;
    expect(Object.values(calls).reduce((a, b) => a + b, 0)).toBe(bad.length + 1);
    expect(calls[badLuhn]).toBeUndefined();
    for (const i of [20, 21, 22, 23, 24, 25, 26, 27]) expect(calls[sims[i]!.iccid]).toBeUndefined();
  });
});
