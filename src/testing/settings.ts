/**
 * The simulator's realism settings. Every field can be changed at runtime with
 * `sim.configure(partial)`; nested objects are merged one level deep.
 *
 * @module
 */
import type { SftOperationName } from '../transport/operations.js';

/** A fault the simulator can inject. */
export type FaultKind =
  /** Answer HTTP 500 before any change is made (the request is surely not applied). */
  | 'serverError'
  /**
   * Apply the request, then answer the documented `10240` "timed out, verify completion" message
   * instead of the real result (the change IS applied).
   */
  | 'lostAfterCommit'
  /**
   * Apply the request, then drop the connection without answering (HTTP server: the socket is
   * destroyed; msw: a network error).
   */
  | 'dropAfterCommit';

/** Every {@link FaultKind}, in the order they are drawn. */
export const FAULT_KINDS: readonly FaultKind[] = ['serverError', 'lostAfterCommit', 'dropAfterCommit'];

/** Probability (0..1) of each fault, per request. Unset = 0. */
export interface FaultRates {
  /** Probability of an HTTP 500 before any change. */
  serverError?: number;
  /** Probability of applying the request, then answering the 10240 timeout. */
  lostAfterCommit?: number;
  /** Probability of applying the request, then dropping the connection. */
  dropAfterCommit?: number;
}

/** Fault settings. */
export interface FaultSettings extends FaultRates {
  /**
   * Rates for single operations, replacing the global rates for that operation. The global rates
   * apply to every operation except `login` and `refreshToken` (faults there are rarely what a test
   * means); target those explicitly here.
   */
  perOperation?: Partial<Record<SftOperationName, FaultRates>>;
}

/** Latency settings. Delays are real time (the injectable clock does not drive them). */
export interface LatencySettings {
  /** Median of the log-normal latency of every answer, in ms. Default 0 (no latency). */
  medianMs: number;
  /** Spread (sigma of the underlying normal). Default 0.5; 0 makes every answer exactly `medianMs`. */
  sigma: number;
  /** Upper bound of a sampled latency, in ms. Default 10 × `medianMs`. */
  maxMs?: number;
  /**
   * Extra fixed delay, in ms, for the platform's long (180 s) operations: CreateEndPoint,
   * GetEndPointProfile, LinkSim, DeLinkSim, EndPointActivation, EndPointLifeCycleChange. Default 0.
   */
  longOperationExtraMs: number;
}

/** How the simulator signals an expired or invalid access token (the real signal is unknown). */
export type ExpiredTokenSignal =
  /** HTTP 401 (with the envelope body below). */
  | 'http-401'
  /** HTTP 200, top-level `resultCode` "1", `resultParam.resultCode` "401" (seen in a working client). */
  | 'body-401';

/** Every simulator setting. */
export interface SimulatorSettings {
  /**
   * Requests per second allowed per account (the platform default is 2). Over it the answer is
   * HTTP 429. `0` turns rate limiting off. Every answer carries `X-Rate-Limit-TPS` while it is on.
   */
  tps: number;
  /** When set, 429 answers carry `Retry-After` with this many seconds (the real header is unknown). */
  retryAfterSeconds?: number;
  /** Access token lifetime in seconds. Default 900 (the real lifetime is unknown). */
  accessTokenTtlSeconds: number;
  /** Refresh token lifetime in seconds. Default 86,400 (the real lifetime is unknown). */
  refreshTokenTtlSeconds: number;
  /** How an expired or invalid token is answered. Default `'http-401'`. */
  expiredTokenSignal: ExpiredTokenSignal;
  /**
   * What CreateEndPoint does when `isDefaultActivation` is absent. The real default is unknown (the
   * docs insist callers send `false`), so the default here is `true` (*activate*): a client that
   * forgets the field gets Active endpoints and its tests notice.
   */
  activateWhenDefaultActivationAbsent: boolean;
  /**
   * Reject CreateEndPoint without the documented mandatory fields `name`, `isLinkSIM` and
   * `roamingProfileId` (answer 10117). Default true.
   */
  requireMandatoryCreateFields: boolean;
  /** Page size of fetchSIM / GetEndPoints when `perPage` is absent. Default 100 (unknown on the platform). */
  defaultPerPage: number;
  /** Largest accepted `perPage`; larger values answer 10117. Default 1000 (unknown on the platform). */
  maxPerPage: number;
  /** Latency. */
  latency: LatencySettings;
  /** Faults. */
  faults: FaultSettings;
}

/** A partial update of {@link SimulatorSettings} (nested objects are merged, not replaced). */
export type SimulatorSettingsPatch = Partial<Omit<SimulatorSettings, 'latency' | 'faults'>> & {
  /** Latency fields to change (the others are kept). */
  latency?: Partial<LatencySettings>;
  /** Fault rates to change (the others are kept; `perOperation` entries are merged by operation). */
  faults?: FaultSettings;
};

/** The defaults: platform-like rate limit, no latency, no faults. */
export function defaultSettings(): SimulatorSettings {
  return {
    tps: 2,
    accessTokenTtlSeconds: 900,
    refreshTokenTtlSeconds: 86_400,
    expiredTokenSignal: 'http-401',
    activateWhenDefaultActivationAbsent: true,
    requireMandatoryCreateFields: true,
    defaultPerPage: 100,
    maxPerPage: 1000,
    latency: { medianMs: 0, sigma: 0.5, longOperationExtraMs: 0 },
    faults: {},
  };
}

/** Returns `base` with `patch` applied (latency and faults merged one level deep). */
export function applySettingsPatch(
  base: SimulatorSettings,
  patch: SimulatorSettingsPatch,
): SimulatorSettings {
  const { latency, faults, ...flat } = patch;
  const next: SimulatorSettings = { ...base, ...stripUndefined(flat) };
  if (latency) next.latency = { ...base.latency, ...stripUndefined(latency) };
  if (faults) {
    const { perOperation, ...rates } = faults;
    next.faults = { ...base.faults, ...rates };
    if (perOperation) next.faults.perOperation = { ...base.faults.perOperation, ...perOperation };
  }
  validateSettings(next);
  return next;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function validateSettings(s: SimulatorSettings): void {
  const nonNegative: [string, number | undefined][] = [
    ['tps', s.tps],
    ['accessTokenTtlSeconds', s.accessTokenTtlSeconds],
    ['refreshTokenTtlSeconds', s.refreshTokenTtlSeconds],
    ['latency.medianMs', s.latency.medianMs],
    ['latency.sigma', s.latency.sigma],
    ['latency.longOperationExtraMs', s.latency.longOperationExtraMs],
    ['retryAfterSeconds', s.retryAfterSeconds],
  ];
  for (const [name, value] of nonNegative) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`simulator setting ${name} must be a number >= 0 (got ${value})`);
    }
  }
  if (!(s.defaultPerPage >= 1 && s.maxPerPage >= s.defaultPerPage)) {
    throw new RangeError('simulator settings need 1 <= defaultPerPage <= maxPerPage');
  }
  const rateSets: FaultRates[] = [s.faults, ...Object.values(s.faults.perOperation ?? {})];
  for (const rates of rateSets) {
    for (const kind of FAULT_KINDS) {
      const p = rates[kind];
      if (p !== undefined && !(p >= 0 && p <= 1)) {
        throw new RangeError(`fault rate ${kind} must be between 0 and 1 (got ${p})`);
      }
    }
  }
}
