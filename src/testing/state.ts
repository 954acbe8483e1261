/**
 * The simulated platform's in-memory state: accounts, SIMs, endpoints, tags and counters.
 *
 * @module
 */
import type { SftOperationName } from '../transport/operations.js';
import type { EndpointStatus } from './codes.js';
import type { SimulatedSim } from './inventory.js';
import type { FaultKind } from './settings.js';

/** A simulated account. Endpoint APIs are for Enterprise accounts only. */
export interface SimulatedAccount {
  /** Account id (used as `targetAccountId` for reseller support access). */
  accountId: string;
  /** `'enterprise'` (tierId 4) or `'reseller'` (tierId 3). */
  tier: 'enterprise' | 'reseller';
  /** Login user name. */
  username: string;
  /** Login password (demo only: the simulator is never a real platform). */
  password: string;
}

/** One add-on instance on an endpoint. */
export interface SimulatedAddon {
  /** The instance id (`uniqueId`), used to remove it. */
  uniqueId: string;
  /** The add-on plan it instantiates. */
  addonPlanId: string;
}

/** A simulated endpoint. */
export interface SimulatedEndpoint {
  /** The endpoint id (`endPointId` on the wire). */
  endpointId: string;
  /** Owning (Enterprise) account. */
  accountId: string;
  /** The endpoint name (not unique). */
  name: string;
  /** The endpoint state, SFT spelling. */
  status: EndpointStatus;
  /** The linked SIM, if any. */
  iccid?: string;
  /** As sent on create. */
  roamingProfileId?: string;
  /** As sent on create. */
  planId?: string;
  /** As sent on create. */
  apnGroupId?: string;
  /** Active add-ons (at most 15). */
  addons: SimulatedAddon[];
  /** Whether the endpoint has ever been Active (drives simulated usage statistics). */
  everActivated: boolean;
  /** Creation instant (simulator clock, ms). */
  createdAt: number;
}

/** A tag created with createTag. */
export interface SimulatedTag {
  /** The tag id answered as `tagId`. */
  tagId: string;
  /** The owning account. */
  accountId: string;
  /** The tag name (unique per account). */
  tagName: string;
  /** The optional description. */
  tagDescription?: string;
}

/** Counters a test reads to prove what happened (see `sim.counters()`). */
export interface SimulatorCounters {
  /** Requests received per operation (every answer, including 401, 429 and faults). */
  requestsByOperation: Partial<Record<SftOperationName, number>>;
  /** Requests to unknown paths or with the wrong method. */
  unknownRequests: number;
  /** 429 answers. */
  rateLimited: number;
  /** 429 answers per operation. */
  rateLimitedByOperation: Partial<Record<SftOperationName, number>>;
  /** Faults injected, by kind. */
  faultsInjected: Record<FaultKind, number>;
  /** Faults injected, by operation and kind. */
  faultsByOperation: Partial<Record<SftOperationName, Partial<Record<FaultKind, number>>>>;
  /** CreateEndPoint calls that reached the platform (authenticated, not rate-limited), per requested ICCID. */
  createCallsByIccid: Record<string, number>;
  /** Endpoints actually created, per linked ICCID (more than 1 means a duplicate create). */
  endpointsCreatedByIccid: Record<string, number>;
  /** Transitions into Active, per endpoint (creation with activation, activation, lifecycle "A"). */
  activationsByEndpoint: Record<string, number>;
  /** Successful logins. */
  logins: number;
  /** Successful token refreshes. */
  refreshes: number;
  /** Answers signalling an expired or invalid token. */
  expiredTokenAnswers: number;
}

/** Empty counters. */
export function emptyCounters(): SimulatorCounters {
  return {
    requestsByOperation: {},
    unknownRequests: 0,
    rateLimited: 0,
    rateLimitedByOperation: {},
    faultsInjected: { serverError: 0, lostAfterCommit: 0, dropAfterCommit: 0 },
    faultsByOperation: {},
    createCallsByIccid: {},
    endpointsCreatedByIccid: {},
    activationsByEndpoint: {},
    logins: 0,
    refreshes: 0,
    expiredTokenAnswers: 0,
  };
}

/** The whole mutable state of one simulated platform. */
export interface PlatformState {
  accounts: SimulatedAccount[];
  /** SIMs by ICCID, in inventory order. */
  sims: Map<string, SimulatedSim>;
  /** Endpoints by id, in creation order. */
  endpoints: Map<string, SimulatedEndpoint>;
  tags: Map<string, SimulatedTag>;
  counters: SimulatorCounters;
  nextEndpointSerial: number;
  nextAddonSerial: number;
  nextTagSerial: number;
  nextResponseSerial: number;
}

/** Increments `record[key]` (a counter map). */
export function bump<K extends string>(record: Partial<Record<K, number>>, key: K, by = 1): void {
  record[key] = (record[key] ?? 0) + by;
}

/** Marks an endpoint (and its SIM) Active and counts the activation. */
export function markActive(state: PlatformState, endpoint: SimulatedEndpoint): void {
  endpoint.status = 'Active';
  endpoint.everActivated = true;
  const sim = endpoint.iccid ? state.sims.get(endpoint.iccid) : undefined;
  if (sim) sim.status = 'Active';
  bump(state.counters.activationsByEndpoint, endpoint.endpointId);
}
