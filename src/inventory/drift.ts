/**
 * Comparing the store with the platform: the pure half of {@link syncInventory}. No I/O here, so the
 * rules are tested directly.
 *
 * @module
 */
import type { StoredEndpoint } from '../store/types.js';
import type { EndpointState, PlatformEndpointState } from '../types.js';

/** One endpoint as the platform reports it (from GetEndPoints or fetchSIM rows). */
export interface PlatformEndpoint {
  /** SFT's endpoint id. */
  endpointId: string;
  /** The linked SIM's ICCID, when the platform says which. */
  iccid?: string;
  /** The endpoint's name, when the platform says it. */
  name?: string;
  /** The endpoint's state on the platform. */
  state: PlatformEndpointState;
}

/** An endpoint the store tracks but the platform no longer has (deleted behind the SDK's back). */
export interface MissingOnPlatformDrift {
  /** Discriminant. */
  kind: 'missing-on-platform';
  /** The store's record. */
  stored: StoredEndpoint;
}

/** An endpoint on the platform the store does not know (or knows under its ICCID without this id). */
export interface UnknownToStoreDrift {
  /** Discriminant. */
  kind: 'unknown-to-store';
  /** The platform's endpoint. */
  platform: PlatformEndpoint;
  /** The store's record for the same ICCID, when there is one (e.g. a create still journaled as pending). */
  stored?: StoredEndpoint;
}

/** An endpoint both know, in different states. */
export interface StateMismatchDrift {
  /** Discriminant. */
  kind: 'state-mismatch';
  /** The store's record. */
  stored: StoredEndpoint;
  /** The platform's endpoint. */
  platform: PlatformEndpoint;
}

/** One difference between the store and the platform. */
export type Drift = MissingOnPlatformDrift | UnknownToStoreDrift | StateMismatchDrift;

/**
 * Store states that claim the endpoint exists on the platform. `pending` and `failed` rows have no
 * confirmed endpoint and `deleted` rows are expected to be gone, so none of them can be "missing".
 */
const LIVE_STATES: ReadonlySet<EndpointState> = new Set(['pre-active', 'active', 'suspended', 'hold']);

/**
 * Every difference between `stored` (all the store's records) and `platform` (every endpoint the
 * platform listed). Endpoints are matched by endpoint id, then by ICCID.
 *
 * - A live store record (pre-active, active, suspended, hold) whose endpoint id the platform does not
 *   list is `missing-on-platform`.
 * - A platform endpoint matched by nothing in the store, or matched only by ICCID (the store holds
 *   that SIM without this endpoint id: a pending create, or a re-link), is `unknown-to-store`.
 * - A matched pair in different states is `state-mismatch` (a `deleted` record whose endpoint is back
 *   counts as one too).
 *
 * The result is ordered: missing, unknown, mismatched; each group in the order of its input.
 */
export function findDrift(stored: readonly StoredEndpoint[], platform: readonly PlatformEndpoint[]): Drift[] {
  const byEndpointId = new Map<string, StoredEndpoint>();
  const byIccid = new Map<string, StoredEndpoint>();
  for (const record of stored) {
    if (record.endpointId !== undefined) byEndpointId.set(record.endpointId, record);
    byIccid.set(record.iccid, record);
  }
  const platformIds = new Set(platform.map((p) => p.endpointId));

  const missing: Drift[] = stored
    .filter((r) => r.endpointId !== undefined && LIVE_STATES.has(r.state) && !platformIds.has(r.endpointId))
    .map((r) => ({ kind: 'missing-on-platform', stored: r }));

  const unknown: Drift[] = [];
  const mismatched: Drift[] = [];
  for (const p of platform) {
    const record = byEndpointId.get(p.endpointId);
    if (record === undefined) {
      const sameSim = p.iccid === undefined ? undefined : byIccid.get(p.iccid);
      unknown.push(
        sameSim === undefined
          ? { kind: 'unknown-to-store', platform: p }
          : { kind: 'unknown-to-store', platform: p, stored: sameSim },
      );
    } else if (record.state !== p.state) {
      mismatched.push({ kind: 'state-mismatch', stored: record, platform: p });
    }
  }
  return [...missing, ...unknown, ...mismatched];
}

/** How many drifts of each kind. */
export interface DriftCounts {
  /** Live store records whose endpoint the platform no longer lists. */
  missingOnPlatform: number;
  /** Platform endpoints the store does not know by id. */
  unknownToStore: number;
  /** Endpoints known to both, in different states. */
  stateMismatch: number;
}

/** Counts `drift` by kind. */
export function countDrift(drift: readonly Drift[]): DriftCounts {
  const counts: DriftCounts = { missingOnPlatform: 0, unknownToStore: 0, stateMismatch: 0 };
  for (const d of drift) {
    if (d.kind === 'missing-on-platform') counts.missingOnPlatform++;
    else if (d.kind === 'unknown-to-store') counts.unknownToStore++;
    else counts.stateMismatch++;
  }
  return counts;
}
