/**
 * Reading every endpoint from the platform, in the shape {@link findDrift} compares.
 *
 * @module
 */
import { fetchSims, listEndpoints } from '../api/index.js';
import type { SftClient } from '../client.js';
import type { PlatformEndpoint } from './drift.js';
import { endpointStateFromSimStatus } from './platform-state.js';

/**
 * Which platform listing describes the endpoints:
 * - `'endpoints'`: GetEndPoints (every endpoint, Hold included; *unverified* paging and row fields);
 * - `'sims'`: fetchSIM (documented; only endpoints with a linked SIM, each with its SIM's status).
 */
export type PlatformSource = 'endpoints' | 'sims';

/**
 * Every endpoint the platform lists, read page by page. Rows whose state the SDK cannot read are
 * left out (they cannot be compared); an endpoint listed twice is kept once (the last row wins).
 */
export async function readPlatformEndpoints(
  client: SftClient,
  source: PlatformSource,
  options: { perPage?: number; signal?: AbortSignal } = {},
): Promise<PlatformEndpoint[]> {
  const byId = new Map<string, PlatformEndpoint>();
  const call = { signal: options.signal };
  if (source === 'endpoints') {
    for await (const row of listEndpoints(client, { perPage: options.perPage }, call)) {
      if (row.state === undefined) continue;
      byId.set(row.endpointId, definedOnly({ ...row, state: row.state }));
    }
  } else {
    for await (const sim of fetchSims(client, { perPage: options.perPage }, call)) {
      const state = endpointStateFromSimStatus(sim.simStatus);
      if (!sim.attached || sim.endpointId === undefined || state === undefined) continue;
      byId.set(sim.endpointId, { endpointId: sim.endpointId, iccid: sim.iccid, state });
    }
  }
  return [...byId.values()];
}

function definedOnly(row: {
  endpointId: string;
  iccid: string | undefined;
  name: string | undefined;
  state: PlatformEndpoint['state'];
}): PlatformEndpoint {
  const endpoint: PlatformEndpoint = { endpointId: row.endpointId, state: row.state };
  if (row.iccid !== undefined) endpoint.iccid = row.iccid;
  if (row.name !== undefined) endpoint.name = row.name;
  return endpoint;
}
