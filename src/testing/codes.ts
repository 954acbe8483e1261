/**
 * The simulator's result codes, status ids and messages, in one place.
 *
 * Codes the BICS docs (or working clients) give are reused from `SFT_RESULT_CODES`. Every other code
 * here is a **simulator assumption** (the real code is unknown): they use the `99xxx` range so that
 * they cannot be mistaken for a real SFT code. Clients must never branch on them in production.
 *
 * @module
 */
import { SFT_RESULT_CODES } from '../result-codes.js';

/** A result code the simulator answers with, and where it comes from. */
export interface SimulatedResultCode {
  /** The code sent in `Response.resultParam.resultCode`. */
  code: string;
  /** The text sent in `Response.resultParam.resultDescription`. */
  description: string;
  /** `true` when the real platform's code for this case is unknown and the simulator made it up. */
  assumed: boolean;
}

function known(code: string, description: string): SimulatedResultCode {
  return { code, description, assumed: false };
}
function assumed(code: string, description: string): SimulatedResultCode {
  return { code, description, assumed: true };
}

/** Every result code the simulator can answer with. */
export const SIMULATED_RESULT_CODES = {
  /** Generic success of reads (the real code is unknown). */
  success: assumed('0', 'Success'),
  /** CreateEndPoint succeeded (the real code is unknown). */
  createEndpointSuccess: assumed('0', 'Endpoint created successfully'),
  /** LinkSim succeeded (the real code is unknown). */
  linkSimSuccess: assumed('0', 'SIM linked successfully'),
  /** Modify Endpoint (add-ons) succeeded (the real code is unknown). */
  modifyEndpointSuccess: assumed('0', 'Endpoint modified successfully'),
  /** An empty list page (summary-page code). */
  noData: known(SFT_RESULT_CODES.noData.code, 'No data available'),
  /** Login: wrong username or password (documented). */
  badCredentials: known(SFT_RESULT_CODES.badCredentials.code, 'Invalid username or password'),
  /** A missing or malformed field; the description names it (documented code). */
  incorrectValue: known(SFT_RESULT_CODES.incorrectValue.code, 'Incorrect value in'),
  /** createTag succeeded (documented). */
  tagCreated: known(SFT_RESULT_CODES.tagCreated.code, 'Tag created successfully'),
  /** DeleteEndPoint succeeded (observed). */
  endpointDeleted: known(SFT_RESULT_CODES.endpointDeleted.code, 'Endpoint deleted successfully'),
  /** EndPointActivation succeeded (claimed). */
  endpointActivated: known(SFT_RESULT_CODES.endpointActivated.code, 'Endpoint activated successfully'),
  /** Activation of an Active endpoint: a benign failure (claimed). */
  endpointAlreadyActive: known(SFT_RESULT_CODES.endpointAlreadyActive.code, 'Endpoint is already active'),
  /** EndPointLifeCycleChange succeeded (claimed). */
  lifecycleChanged: known('5017', 'Endpoint lifecycle changed successfully'),
  /** DeLinkSim succeeded (observed as an OK outcome). */
  simDelinked: known('6413', 'SIM de-linked successfully'),
  /** The endpoint has no SIM (claimed). */
  simNotAttached: known('6420', 'SIM not attached to the endpoint'),
  /** Expired or invalid access token (observed in `resultParam`). */
  tokenExpired: known(SFT_RESULT_CODES.tokenExpired.code, 'Access token expired or invalid'),
  /** The platform timed out; verify completion (summary-page code, documented texts). */
  timedOut: known(SFT_RESULT_CODES.timedOutVerifyCompletion.code, 'API operation has Time out.'),
  /** A Reseller calling an Enterprise-only API (documented text, assumed code). */
  authorisationFailure: assumed('99000', 'Authorisation Failure'),
  /** No SIM with that ICCID. */
  simNotFound: assumed('99001', 'SIM not found'),
  /** The SIM is not Ready To Activate or is linked already. */
  simNotAvailable: assumed('99002', 'SIM is not Ready To Activate or is already linked to an endpoint'),
  /** No such endpoint in the calling account. */
  endpointNotFound: assumed('99003', 'Endpoint not found'),
  /** The operation is not allowed in the endpoint state. */
  invalidStateTransition: assumed('99004', 'Operation not allowed in the endpoint current state'),
  /** More than 15 active add-ons would result. */
  tooManyAddons: assumed('99005', 'An endpoint can have at most 15 active add-ons'),
  /** No add-on with that uniqueId on the endpoint. */
  addonNotFound: assumed('99006', 'Add-on unique id not found on the endpoint'),
  /** A tag with that name exists. */
  duplicateTagName: assumed('99007', 'Tag name already exists'),
  /** Body code of an HTTP 429 answer (the real 429 body is unknown). */
  rateLimited: assumed('429', 'Too Many Requests'),
  /** Body code of a simulated HTTP 500. */
  serverError: assumed('500', 'Internal Server Error (simulated fault)'),
  /** Body code of an HTTP 404 (unknown path). */
  unknownApi: assumed('404', 'Unknown API'),
  /** Body code of an HTTP 405 (known path, other method). */
  methodNotAllowed: assumed('405', 'Method not allowed for this API'),
} as const satisfies Record<string, SimulatedResultCode>;

/** The documented text of the platform's timeout answer to a POST/PATCH (verify completion with a read). */
export const TIMEOUT_MESSAGE_WRITE =
  'API operation has Time out. Request has been received and is has timeout before we receive the response. Please verify the request has been completed successfully or not. using the appropriate APIs.';

/** The documented text of the platform's timeout answer to a GET (send it again). */
export const TIMEOUT_MESSAGE_READ =
  'API operation has Time out. Request has been received but it has timeout before we receive the response. Please try again later.';

/** SIM states as `fetchSIM` spells them in `simStatus` (observed in working clients). */
export type SimStatus = 'Ready To Activate' | 'Pre-Active' | 'Active' | 'Suspended';

/** Endpoint states as the portal names them (used in `endPointStatus`, *unverified* as a wire value). */
export type EndpointStatus = 'Pre-Active' | 'Active' | 'Suspended' | 'Hold';

/**
 * `fetchSIM` `simStatusId` values. Only `12` = Pre-Active is documented; the other ids are
 * **simulator assumptions** (the real ids are unknown).
 */
export const SIM_STATUS_IDS: Readonly<Record<string, SimStatus>> = Object.freeze({
  '10': 'Ready To Activate',
  '12': 'Pre-Active',
  '13': 'Active',
  '14': 'Suspended',
});

/**
 * `fetchSIM` `simAttachStatusId` values. Only `1` = attached is documented; `0` = not attached is a
 * **simulator assumption**.
 */
export const SIM_ATTACH_STATUS_IDS: Readonly<Record<string, boolean>> = Object.freeze({
  '1': true,
  '0': false,
});

/** The most add-ons an endpoint may have active at once (BICS "Modify endpoint add-on"). */
export const MAX_ACTIVE_ADDONS = 15;
