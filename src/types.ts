/**
 * Domain types shared by every layer (API, stores, provisioning, inventory, simulator).
 *
 * @module
 */

/** An SFT endpoint id, as returned by Create Endpoint (`Response.endPointId`). */
export type EndpointId = string & {
  /** Type-only brand; never present at run time. */
  readonly __brand?: 'EndpointId';
};

/** A SIM's ICCID: 19 or 20 digits, the last one a Luhn check digit. */
export type Iccid = string & {
  /** Type-only brand; never present at run time. */
  readonly __brand?: 'Iccid';
};

/**
 * An endpoint's state on the platform, in SDK form.
 * SFT names them "Pre-Active", "Active", "Suspended" and "Hold" (and "Active-Test" on OEM accounts,
 * which the SDK reports as `'active'`).
 */
export type PlatformEndpointState = 'pre-active' | 'active' | 'suspended' | 'hold';

/**
 * An endpoint's state as tracked in an {@link EndpointStore}: the platform states plus
 * `'pending'` (journaled, create not yet confirmed), `'deleted'` and `'failed'` (create failed definitively).
 */
export type EndpointState = PlatformEndpointState | 'pending' | 'deleted' | 'failed';

/** Every {@link EndpointState}, in lifecycle order. */
export const ENDPOINT_STATES: readonly EndpointState[] = [
  'pending',
  'pre-active',
  'active',
  'suspended',
  'hold',
  'deleted',
  'failed',
];

/** Input of `createEndpoint` and one row of `createBulkEndpoints`. */
export interface CreateEndpointInput {
  /** Endpoint name, 1-100 characters. Not unique on SFT: several endpoints may share one name. */
  name: string;
  /** The SIM to link: 19-20 digits with a valid Luhn check digit. */
  iccid: Iccid;
  /** Local tags (e.g. `'batch-1'`): letters, digits, `-` and `_`, 1-100 characters each. */
  tags?: readonly string[];
  /**
   * Activate the endpoint at creation. Default **false**: the endpoint stays Pre-Active until a
   * traveller buys connectivity. Set `true` only on purpose (activation may be charged).
   */
  isDefaultActivation?: boolean;
  /** Roaming profile id(s); several are joined with `|` on the wire. Default: the client's `defaults`. */
  roamingProfileId?: string | readonly string[];
  /** Base plan id (observed in working clients, not in BICS docs). */
  planId?: string;
  /** APN group id, e.g. `'PDP_1785'` (observed in working clients, not in BICS docs). */
  apnGroupId?: string;
  /** Add-on plan ids to subscribe at creation (observed in working clients, not in BICS docs). */
  addonPlanIds?: readonly string[];
  /** Extra `requestParam` fields passed through verbatim, for fields the SDK does not model. */
  extra?: Readonly<Record<string, unknown>>;
}

/** An endpoint as the SDK returns it. */
export interface EndpointRecord {
  /** SFT's id for the endpoint; every later operation needs it. */
  endpointId: EndpointId;
  /** The linked SIM's ICCID (empty string when no SIM is linked). */
  iccid: Iccid;
  /** The endpoint's name. */
  name: string;
  /** Local tags. */
  tags: string[];
  /** The endpoint's state. */
  state: EndpointState;
}
