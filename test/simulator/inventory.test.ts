import { describe, expect, it } from 'vitest';
import { isValidLuhn } from '../../src/internal/luhn.js';
import { iccidSchema } from '../../src/schemas.js';
import { generateSimInventory, simInventoryCsv } from '../../src/testing/inventory.js';

describe('simulated SIM inventory', () => {
  it('generates the same SIMs for the same seed, and different ones for another seed', () => {
    const a = generateSimInventory({ count: 50, seed: 7 });
    expect(generateSimInventory({ count: 50, seed: 7 })).toEqual(a);
    expect(generateSimInventory({ count: 50, seed: 8 }).map((s) => s.iccid)).not.toEqual(
      a.map((s) => s.iccid),
    );
  });

  it('makes unique 19-digit ICCIDs with a valid Luhn check digit that the SDK schema accepts', () => {
    const sims = generateSimInventory({ count: 2000, seed: 1 });
    expect(new Set(sims.map((s) => s.iccid)).size).toBe(2000);
    for (const sim of sims) {
      expect(sim.iccid).toMatch(/^89320420\d{11}$/);
      expect(isValidLuhn(sim.iccid)).toBe(true);
    }
    expect(iccidSchema().safeParse(sims[0]?.iccid).success).toBe(true);
  });

  it('makes 20-digit ICCIDs with another prefix on request', () => {
    const [sim] = generateSimInventory({ count: 1, seed: 1, iccidLength: 20, iccidPrefix: '8944' });
    expect(sim?.iccid).toMatch(/^8944\d{16}$/);
    expect(isValidLuhn(sim!.iccid)).toBe(true);
  });

  it('gives every SIM an eSIM activation code LPA:1$<smdp>$<matchingId>, Ready To Activate and unlinked', () => {
    const [sim] = generateSimInventory({ count: 1, seed: 3, smdpAddress: 'smdp.test' });
    expect(sim?.activationCode.textQrCode).toBe(`LPA:1$smdp.test$${sim?.activationCode.matchingId}`);
    expect(sim?.eid).toMatch(/^\d{32}$/);
    expect(sim?.status).toBe('Ready To Activate');
    expect(sim?.endpointId).toBeUndefined();
  });

  it('refuses a count that does not fit the prefix, and a non-numeric prefix', () => {
    expect(() => generateSimInventory({ count: 10, seed: 1, iccidPrefix: '89ab' })).toThrow(RangeError);
    expect(() => generateSimInventory({ count: 1001, seed: 1, iccidPrefix: '893204204770001' })).toThrow(
      RangeError,
    );
  });

  it('exports CSV with an iccid column and a suggested name', () => {
    const sims = generateSimInventory({ count: 2, seed: 1 });
    expect(simInventoryCsv(sims)).toBe(
      `iccid,name\n${sims[0]?.iccid},sim-000001\n${sims[1]?.iccid},sim-000002\n`,
    );
  });
});
