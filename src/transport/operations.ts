/**
 * Every SFT operation the SDK calls, in one place: HTTP method, path and default timeout.
 *
 * This table is the single home of API details. Entries marked `verified: false` are *unverified*:
 * the path or shape was seen in working third-party clients, not in BICS documentation. Override any
 * entry with the client option `operations` (e.g. when BICS support gives you a different path)
 * without waiting for a new SDK release.
 *
 * @module
 */

/** The name of an SFT operation known to the SDK. */
export type SftOperationName =
  | 'login'
  | 'refreshToken'
  | 'createEndpoint'
  | 'getEndpointProfile'
  | 'listEndpoints'
  | 'fetchSims'
  | 'activateEndpoint'
  | 'changeLifecycle'
  | 'deleteEndpoint'
  | 'linkSim'
  | 'delinkSim'
  | 'createTag'
  | 'modifyEndpoint'
  | 'getStatistics';

/** How one operation reaches the platform. */
export interface SftOperationSpec {
  /** HTTP method. */
  method: 'GET' | 'POST' | 'PATCH';
  /** Path below the base URL, with SFT's exact casing. */
  path: string;
  /** Client-side timeout in milliseconds (the platform's own limit is 30 s, or 180 s for long operations). */
  timeoutMs: number;
  /** Whether BICS documentation states this path and shape (`false`: seen only in working clients). */
  verified: boolean;
}

/** The platform's default server-side timeout, 30 s (BICS "Response time & timeouts"). */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** The platform's timeout for its long operations, 180 s (BICS "Response time & timeouts"). */
export const LONG_TIMEOUT_MS = 180_000;

/** The built-in operation table. Do not mutate; pass overrides to the client instead. */
export const SFT_OPERATIONS: Readonly<Record<SftOperationName, Readonly<SftOperationSpec>>> = Object.freeze({
  login: { method: 'POST', path: '/api/login', timeoutMs: DEFAULT_TIMEOUT_MS, verified: true },
  refreshToken: { method: 'GET', path: '/api/RefreshToken', timeoutMs: DEFAULT_TIMEOUT_MS, verified: true },
  createEndpoint: { method: 'POST', path: '/api/CreateEndPoint', timeoutMs: LONG_TIMEOUT_MS, verified: true },
  getEndpointProfile: {
    method: 'GET',
    path: '/api/GetEndPointProfile',
    timeoutMs: LONG_TIMEOUT_MS,
    verified: false,
  },
  listEndpoints: { method: 'GET', path: '/api/GetEndPoints', timeoutMs: DEFAULT_TIMEOUT_MS, verified: false },
  fetchSims: { method: 'GET', path: '/api/fetchSIM', timeoutMs: DEFAULT_TIMEOUT_MS, verified: true },
  activateEndpoint: {
    method: 'POST',
    path: '/api/EndPointActivation',
    timeoutMs: LONG_TIMEOUT_MS,
    verified: false,
  },
  changeLifecycle: {
    method: 'POST',
    path: '/api/EndPointLifeCycleChange',
    timeoutMs: LONG_TIMEOUT_MS,
    verified: false,
  },
  deleteEndpoint: {
    method: 'POST',
    path: '/api/DeleteEndPoint',
    timeoutMs: DEFAULT_TIMEOUT_MS,
    verified: false,
  },
  linkSim: { method: 'POST', path: '/api/LinkSim', timeoutMs: LONG_TIMEOUT_MS, verified: false },
  delinkSim: { method: 'POST', path: '/api/DeLinkSim', timeoutMs: LONG_TIMEOUT_MS, verified: false },
  createTag: { method: 'POST', path: '/api/createTag', timeoutMs: DEFAULT_TIMEOUT_MS, verified: true },
  modifyEndpoint: { method: 'PATCH', path: '/api/endpoint', timeoutMs: DEFAULT_TIMEOUT_MS, verified: false },
  getStatistics: {
    method: 'GET',
    path: '/api/GetStatistics',
    timeoutMs: DEFAULT_TIMEOUT_MS,
    verified: false,
  },
});
