import { describe, expect, it } from 'vitest';
import { summariseCounts } from '../../src/inventory/report.js';

describe('summariseCounts', () => {
  it('splits pre-active endpoints into available (unclaimed) and claimed, per tag', () => {
    const report = summariseCounts([
      { tag: 'batch-1', state: 'pre-active', claimed: false, count: 7 },
      { tag: 'batch-1', state: 'pre-active', claimed: true, count: 2 },
      { tag: 'batch-1', state: 'active', claimed: true, count: 3 },
      { tag: 'batch-1', state: 'suspended', claimed: false, count: 1 },
      { tag: 'batch-1', state: 'failed', claimed: false, count: 4 },
    ]);
    expect(report.tags).toEqual([
      {
        tag: 'batch-1',
        available: 7,
        claimed: 2,
        active: 3,
        suspended: 1,
        failed: 4,
        pending: 0,
        hold: 0,
        deleted: 0,
        total: 17,
      },
    ]);
  });

  it('orders lines by tag with untagged endpoints last', () => {
    const report = summariseCounts([
      { tag: null, state: 'pending', claimed: false, count: 1 },
      { tag: 'b', state: 'hold', claimed: false, count: 1 },
      { tag: 'a', state: 'deleted', claimed: false, count: 1 },
    ]);
    expect(report.tags.map((t) => [t.tag, t.pending, t.hold, t.deleted])).toEqual([
      ['a', 0, 0, 1],
      ['b', 0, 1, 0],
      [null, 1, 0, 0],
    ]);
  });

  it('gives an empty report for an empty store', () => {
    expect(summariseCounts([])).toEqual({ tags: [] });
  });
});
