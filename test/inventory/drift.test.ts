import { describe, expect, it } from 'vitest';
import { countDrift, findDrift, type PlatformEndpoint } from '../../src/inventory/drift.js';
import { storedEndpoint } from './fixtures.js';

describe('findDrift', () => {
  it('reports nothing when the store and the platform agree', () => {
    const stored = [storedEndpoint({ iccid: '1', endpointId: 'e1', state: 'active' })];
    const platform: PlatformEndpoint[] = [{ endpointId: 'e1', iccid: '1', state: 'active' }];
    expect(findDrift(stored, platform)).toEqual([]);
  });

  it('reports a live endpoint the platform no longer lists as missing on the platform', () => {
    const gone = storedEndpoint({ iccid: '1', endpointId: 'e1', state: 'pre-active' });
    expect(findDrift([gone], [])).toEqual([{ kind: 'missing-on-platform', stored: gone }]);
  });

  it('does not report pending, failed or deleted records as missing', () => {
    const stored = [
      storedEndpoint({ iccid: '1', state: 'pending' }),
      storedEndpoint({ iccid: '2', state: 'failed' }),
      storedEndpoint({ iccid: '3', endpointId: 'e3', state: 'deleted' }),
    ];
    expect(findDrift(stored, [])).toEqual([]);
  });

  it('reports a platform endpoint the store does not know, with the store record of the same SIM if any', () => {
    const pending = storedEndpoint({ iccid: '2', state: 'pending' });
    const platform: PlatformEndpoint[] = [
      { endpointId: 'e1', iccid: '1', state: 'active' },
      { endpointId: 'e2', iccid: '2', state: 'pre-active' },
    ];
    expect(findDrift([pending], platform)).toEqual([
      { kind: 'unknown-to-store', platform: platform[0] },
      { kind: 'unknown-to-store', platform: platform[1], stored: pending },
    ]);
  });

  it('reports a state mismatch, including a deleted record whose endpoint still exists', () => {
    const suspended = storedEndpoint({ iccid: '1', endpointId: 'e1', state: 'active' });
    const deleted = storedEndpoint({ iccid: '2', endpointId: 'e2', state: 'deleted' });
    const platform: PlatformEndpoint[] = [
      { endpointId: 'e1', state: 'suspended' },
      { endpointId: 'e2', state: 'pre-active' },
    ];
    expect(findDrift([suspended, deleted], platform)).toEqual([
      { kind: 'state-mismatch', stored: suspended, platform: platform[0] },
      { kind: 'state-mismatch', stored: deleted, platform: platform[1] },
    ]);
  });

  it('orders drift as missing, unknown, mismatched and counts each kind', () => {
    const stored = [
      storedEndpoint({ iccid: '1', endpointId: 'e1', state: 'active' }),
      storedEndpoint({ iccid: '2', endpointId: 'e2', state: 'active' }),
    ];
    const platform: PlatformEndpoint[] = [
      { endpointId: 'e1', state: 'suspended' },
      { endpointId: 'e9', iccid: '9', state: 'active' },
    ];
    const drift = findDrift(stored, platform);
    expect(drift.map((d) => d.kind)).toEqual(['missing-on-platform', 'unknown-to-store', 'state-mismatch']);
    expect(countDrift(drift)).toEqual({ missingOnPlatform: 1, unknownToStore: 1, stateMismatch: 1 });
  });
});
