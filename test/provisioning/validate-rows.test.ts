import { describe, expect, it } from 'vitest';
import { SftValidationError } from '../../src/errors.js';
import { luhnCheckDigit } from '../../src/internal/luhn.js';
import { createRowValidator } from '../../src/provisioning/validate-rows.js';

const iccid = (n: number) => {
  const payload = `893204200000${String(n).padStart(6, '0')}`;
  return `${payload}${luhnCheckDigit(payload)}`;
};

describe('createRowValidator', () => {
  it('accepts a valid row and merges the run tags after its own, without duplicates', () => {
    const v = createRowValidator({ runTags: ['batch-1', 'eu'] });
    const verdict = v.check({ name: 'a', iccid: iccid(1), tags: ['eu', 'x'] }, 0);
    expect(verdict).toMatchObject({ ok: true, row: { index: 0, tags: ['eu', 'x', 'batch-1'] } });
  });

  it('fails a later row with the same ICCID, naming the first row', () => {
    const v = createRowValidator();
    v.check({ name: 'a', iccid: iccid(1) }, 0);
    const verdict = v.check({ name: 'b', iccid: iccid(1) }, 7);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.error).toBeInstanceOf(SftValidationError);
    expect(verdict.error.issues).toEqual([
      { field: 'iccid', message: 'duplicate ICCID: row 0 has the same ICCID', row: 7 },
    ]);
  });

  it('does not let an invalid row claim its ICCID: a later valid row with it goes on', () => {
    const v = createRowValidator();
    expect(v.check({ name: '', iccid: iccid(2) }, 0).ok).toBe(false);
    expect(v.check({ name: 'ok', iccid: iccid(2) }, 1).ok).toBe(true);
  });

  it('skips the Luhn check when checkDigit is false', () => {
    const bad = `${iccid(3).slice(0, -1)}${(Number(iccid(3).at(-1)) + 1) % 10}`;
    expect(createRowValidator().check({ name: 'a', iccid: bad }, 0).ok).toBe(false);
    expect(createRowValidator({ checkDigit: false }).check({ name: 'a', iccid: bad }, 0).ok).toBe(true);
  });

  it('puts the row index on every issue', () => {
    const verdict = createRowValidator().check({ name: '', iccid: '12' }, 4);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.error.issues.length).toBeGreaterThanOrEqual(2);
    expect(verdict.error.issues.every((i) => i.row === 4)).toBe(true);
  });
});
