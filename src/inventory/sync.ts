/**
 * Sync: read every endpoint from the platform, compare with the store, report the drift, and (unless
 * it is a dry run) repair the store so that it matches the platform.
 *
 * @module
 */
import type { SftClient } from '../client.js';
import type { StoredEndpoint } from '../store/types.js';
import { countDrift, type Drift, type DriftCounts, findDrift, type PlatformEndpoint } from './drift.js';
import { type PlatformSource, readPlatformEndpoints } from './platform-endpoints.js';
import { collectInventory } from './tagging.js';

/** Options of {@link syncInventory}. */
export interface SyncOptions {
  /** Report the drift without changing the store. Default false. */
  dryRun?: boolean;
  /**
   * Which platform listing to read. `'endpoints'` (default): GetEndPoints, which lists every endpoint
   * including those on Hold (*unverified*: its paging and row fields are not in the known docs).
   * `'sims'`: fetchSIM, the documented call, which sees only endpoints with a linked SIM — an endpoint
   * on Hold then looks deleted.
   */
  source?: PlatformSource;
  /** Page size of the platform listing. Default 100. */
  perPage?: number;
  /** Aborts the platform reads; nothing is repaired when the read is incomplete. */
  signal?: AbortSignal;
}

/** What a sync found and did. */
export interface SyncReport {
  /** Whether this was a dry run (then `repaired` is 0). */
  dryRun: boolean;
  /** Every difference found, before any repair. */
  drift: Drift[];
  /** {@link drift} counted by kind. */
  counts: DriftCounts;
  /** How many store records were changed. */
  repaired: number;
  /** Drift the store cannot represent (an unknown platform endpoint whose ICCID the platform did not give). */
  unrepairable: Drift[];
  /** Endpoints the platform listed. */
  platformEndpoints: number;
  /** Records the store held. */
  storedEndpoints: number;
}

/**
 * Reconciles the store with the platform. The whole platform listing is read first; only then, and
 * only when `dryRun` is not set, is the store repaired:
 *
 * - missing on the platform → state `deleted` (with a `lastError` saying sync found it gone);
 * - unknown to the store → recorded (keyed by its ICCID) with the platform's id, name and state, and no
 *   tags — a pending create for that ICCID is completed this way;
 * - state mismatch → the platform's state (compare-and-set, so a record changed meanwhile is left alone).
 *
 * The platform is the truth for state and existence; the store stays the truth for tags and claims.
 */
export async function syncInventory(client: SftClient, options: SyncOptions = {}): Promise<SyncReport> {
  // The store first: an endpoint a concurrent run creates after this read shows up on the platform
  // (recorded, harmless), whereas reading the platform first would report it "missing" and mark it deleted.
  const stored = await collectInventory(client);
  const platform = await readPlatformEndpoints(client, options.source ?? 'endpoints', {
    perPage: options.perPage ?? 100,
    signal: options.signal,
  });
  const drift = findDrift(stored, platform);
  const unrepairable = drift.filter((d) => d.kind === 'unknown-to-store' && d.platform.iccid === undefined);
  let repaired = 0;
  if (!options.dryRun) {
    for (const d of drift) {
      if (await repair(client, d)) repaired++;
    }
  }
  return {
    dryRun: options.dryRun ?? false,
    drift,
    counts: countDrift(drift),
    repaired,
    unrepairable,
    platformEndpoints: platform.length,
    storedEndpoints: stored.length,
  };
}

async function repair(client: SftClient, drift: Drift): Promise<boolean> {
  const { store } = client;
  switch (drift.kind) {
    case 'missing-on-platform':
      return changed(
        await store.transition(drift.stored.iccid, 'deleted', {
          from: drift.stored.state,
          lastError: `sync: endpoint ${drift.stored.endpointId} is gone from the platform`,
        }),
      );
    case 'state-mismatch':
      return changed(
        await store.transition(drift.stored.iccid, drift.platform.state, {
          from: drift.stored.state,
          lastError: null,
        }),
      );
    case 'unknown-to-store':
      return recordUnknown(client, drift.platform, drift.stored);
  }
}

async function recordUnknown(
  client: SftClient,
  platform: PlatformEndpoint,
  stored: StoredEndpoint | undefined,
): Promise<boolean> {
  if (platform.iccid === undefined) return false;
  await client.store.upsert({
    iccid: platform.iccid,
    endpointId: platform.endpointId,
    name: platform.name ?? stored?.name ?? platform.endpointId,
    state: platform.state,
    lastError: null,
  });
  return true;
}

function changed(record: StoredEndpoint | undefined): boolean {
  return record !== undefined;
}
