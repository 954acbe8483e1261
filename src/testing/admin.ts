/**
 * Changes behind the SDK's back (drift), for tests of reconciliation and sync. They bypass the API:
 * no counters, no rate limit, no faults.
 *
 * @module
 */
import type { EndpointStatus } from './codes.js';
import type { PlatformState, SimulatedEndpoint } from './state.js';
import type { TokenIssuer } from './tokens.js';

/** Direct state changes that bypass the API (no counters, no rate limit). */
export interface SimulatorAdmin {
  /** Deletes an endpoint; its SIM returns to Ready To Activate. Returns whether it existed. */
  deleteEndpoint(endpointId: string): boolean;
  /**
   * Sets an endpoint's state (SFT name, e.g. `'Suspended'`, or SDK form, e.g. `'suspended'`). The SIM
   * follows; `'Hold'` also de-links the SIM. Throws when the endpoint does not exist.
   */
  setEndpointState(
    endpointId: string,
    state: EndpointStatus | 'pre-active' | 'active' | 'suspended' | 'hold',
  ): void;
  /** Creates an endpoint directly (optionally linked to a Ready To Activate SIM); returns its id. */
  createEndpoint(input: { name: string; iccid?: string; state?: EndpointStatus }): string;
  /** Makes every issued access token (or refresh, or both with `'all'`) expired. */
  expireTokens(kind?: 'access' | 'refresh' | 'all'): void;
}

const STATUS_BY_SDK_STATE: Record<string, EndpointStatus> = {
  'pre-active': 'Pre-Active',
  active: 'Active',
  suspended: 'Suspended',
  hold: 'Hold',
};
const STATUSES: readonly string[] = ['Pre-Active', 'Active', 'Suspended', 'Hold'];

/** What the admin works on; getters, because `reset()` replaces the state and the token issuer. */
export interface AdminTarget {
  state(): PlatformState;
  tokens(): TokenIssuer;
  now(): number;
  /** The account new endpoints belong to. */
  enterpriseAccountId: string;
}

/** Creates the admin API over a simulator's state. */
export function createSimulatorAdmin(target: AdminTarget): SimulatorAdmin {
  function unlinkSim(endpoint: SimulatedEndpoint): void {
    const sim = endpoint.iccid ? target.state().sims.get(endpoint.iccid) : undefined;
    if (sim) {
      sim.endpointId = undefined;
      sim.status = 'Ready To Activate';
    }
    endpoint.iccid = undefined;
  }

  function applyStatus(endpoint: SimulatedEndpoint, status: EndpointStatus): void {
    endpoint.status = status;
    if (status === 'Active') endpoint.everActivated = true;
    if (status === 'Hold') {
      unlinkSim(endpoint);
      return;
    }
    const sim = endpoint.iccid ? target.state().sims.get(endpoint.iccid) : undefined;
    if (sim) sim.status = status;
  }

  return {
    deleteEndpoint(endpointId) {
      const endpoint = target.state().endpoints.get(endpointId);
      if (!endpoint) return false;
      unlinkSim(endpoint);
      target.state().endpoints.delete(endpointId);
      return true;
    },
    setEndpointState(endpointId, wanted) {
      const status = STATUS_BY_SDK_STATE[wanted] ?? (wanted as EndpointStatus);
      if (!STATUSES.includes(status)) throw new Error(`simulator: unknown endpoint state ${wanted}`);
      const endpoint = target.state().endpoints.get(endpointId);
      if (!endpoint) throw new Error(`simulator: no endpoint ${endpointId}`);
      applyStatus(endpoint, status);
    },
    createEndpoint(input) {
      const state = target.state();
      const sim = input.iccid === undefined ? undefined : state.sims.get(input.iccid);
      if (input.iccid !== undefined && (!sim || sim.endpointId || sim.status !== 'Ready To Activate')) {
        throw new Error(`simulator: SIM ${input.iccid} is not available`);
      }
      const endpoint: SimulatedEndpoint = {
        endpointId: String(state.nextEndpointSerial++),
        accountId: target.enterpriseAccountId,
        name: input.name,
        status: 'Pre-Active',
        addons: [],
        everActivated: false,
        createdAt: target.now(),
      };
      state.endpoints.set(endpoint.endpointId, endpoint);
      if (sim) {
        endpoint.iccid = sim.iccid;
        sim.endpointId = endpoint.endpointId;
        sim.status = 'Pre-Active';
      }
      if (input.state) applyStatus(endpoint, input.state);
      return endpoint.endpointId;
    },
    expireTokens(kind = 'access') {
      target.tokens().expireAll(kind === 'all' ? undefined : kind);
    },
  };
}
