import type { StoredEndpoint } from '../../src/store/types.js';

const EPOCH = new Date('2026-01-01T00:00:00Z');

/** A stored endpoint with sensible defaults; override what the test is about. */
export function storedEndpoint(overrides: Partial<StoredEndpoint> & { iccid: string }): StoredEndpoint {
  return {
    name: `ep-${overrides.iccid.slice(-4)}`,
    tags: [],
    state: 'pre-active',
    createdAt: EPOCH,
    updatedAt: EPOCH,
    ...overrides,
  };
}
