/**
 * The simulated SFT platform core: a pure, in-memory state machine behind one `handle(request)`
 * method. It does no I/O and reads time only through the injectable `now()`, and randomness only
 * through seeded generators, so tests control both without sleeping. The msw handlers
 * ({@link sftHandlers}) and the HTTP server ({@link startSftSimulator}) are thin transports over it.
 *
 * @module
 */
import { SFT_OPERATIONS, type SftOperationName } from '../transport/operations.js';
import { createSimulatorAdmin, type SimulatorAdmin } from './admin.js';
import { SIMULATED_RESULT_CODES as CODES, TIMEOUT_MESSAGE_READ, TIMEOUT_MESSAGE_WRITE } from './codes.js';
import { FaultInjector, type ForcedFault } from './faults.js';
import { generateSimInventory, type SimulatedSim, simInventoryCsv } from './inventory.js';
import { sampleLatency } from './latency.js';
import { issuePair, login, loginAccount } from './operations/auth.js';
import type { OperationHandler } from './operations/context.js';
import {
  activateEndpoint,
  changeLifecycle,
  createEndpoint,
  deleteEndpoint,
  getEndpointProfile,
  listEndpoints,
  modifyEndpoint,
} from './operations/endpoints.js';
import { delinkSim, fetchSims, linkSim } from './operations/sims.js';
import { getStatistics } from './operations/statistics.js';
import { createTag } from './operations/tags.js';
import { createSeededRandom, hashSeed, type SeededRandom } from './random.js';
import { FixedWindowRateLimiter } from './rate-limit.js';
import {
  applySettingsPatch,
  defaultSettings,
  type FaultKind,
  type SimulatorSettings,
  type SimulatorSettingsPatch,
} from './settings.js';
import {
  bump,
  emptyCounters,
  type PlatformState,
  type SimulatedAccount,
  type SimulatedEndpoint,
  type SimulatedTag,
  type SimulatorCounters,
} from './state.js';
import { bearerToken, type TokenIssuer, TokenIssuer as Tokens } from './tokens.js';
import {
  asRecord,
  envelope,
  formatResponseTimestamp,
  type OperationOutcome,
  type SimAnswer,
  type SimRequest,
} from './wire.js';

/** Login credentials of a simulated account. */
export interface SimulatorCredentials {
  /** Login user name. */
  username: string;
  /** Login password (simulator only). */
  password: string;
}

/** The demo Enterprise account's credentials (use them with `createSftClient`). */
export const DEMO_ENTERPRISE_CREDENTIALS: Readonly<SimulatorCredentials> = Object.freeze({
  username: 'demo-enterprise',
  password: 'demo-password',
});

/** The demo Reseller account's credentials (its endpoint calls answer "Authorisation Failure"). */
export const DEMO_RESELLER_CREDENTIALS: Readonly<SimulatorCredentials> = Object.freeze({
  username: 'demo-reseller',
  password: 'demo-password',
});

/** Options of {@link createSftSimulator}: the initial settings plus what is fixed at creation. */
export interface SftSimulatorOptions extends SimulatorSettingsPatch {
  /** Seed of the SIM inventory, faults and latencies. Default 1. */
  seed?: number;
  /** Number of SIMs in the inventory. Default 1000. */
  sims?: number;
  /** ICCID length of generated SIMs, 19 or 20. Default 19. */
  iccidLength?: 19 | 20;
  /** Leading ICCID digits of generated SIMs. Default `'89320420'`. */
  iccidPrefix?: string;
  /** The clock, epoch ms. Default `Date.now`. Inject one to test expiry and rate limits without sleeping. */
  now?: () => number;
  /** Credentials of the Enterprise account. Default {@link DEMO_ENTERPRISE_CREDENTIALS}. */
  enterprise?: Partial<SimulatorCredentials>;
  /** Credentials of the Reseller account. Default {@link DEMO_RESELLER_CREDENTIALS}. */
  reseller?: Partial<SimulatorCredentials>;
  /**
   * Method/path overrides per operation (default: the SDK's `SFT_OPERATIONS`), to mirror a client
   * configured with different paths.
   */
  operations?: Partial<Record<SftOperationName, SimulatedOperationRoute>>;
}

/** Where the simulator serves one operation. */
export interface SimulatedOperationRoute {
  /** HTTP method. Default: the one in `SFT_OPERATIONS`. */
  method?: 'GET' | 'POST' | 'PATCH';
  /** Path below the base URL. Default: the one in `SFT_OPERATIONS`. */
  path?: string;
}

/** The simulated platform. */
export interface SftSimulator {
  /** The Enterprise account's credentials. */
  readonly credentials: SimulatorCredentials;
  /** Both accounts (`targetAccountId` for reseller support access is `accounts.enterprise.accountId`). */
  readonly accounts: {
    /** The Enterprise account (endpoint APIs allowed). */
    readonly enterprise: SimulatedAccount;
    /** The Reseller account (endpoint APIs answer "Authorisation Failure"). */
    readonly reseller: SimulatedAccount;
  };
  /** The current settings (read-only view; change them with {@link SftSimulator.configure}). */
  readonly settings: Readonly<SimulatorSettings>;
  /** The simulator clock, epoch ms. */
  now(): number;
  /** Handles one request (transports call this; tests normally go through HTTP or msw). */
  handle(request: SimRequest): SimAnswer;
  /** Changes settings at runtime (nested `latency` and `faults` are merged). */
  configure(patch: SimulatorSettingsPatch): void;
  /** Injects a fault into the next matching request(s). */
  failNext(fault: ForcedFault): void;
  /**
   * Back to the initial state: the same SIM inventory (all Ready To Activate), no endpoints or tags,
   * zero counters, every token invalid, no pending forced faults, the settings given at creation.
   */
  reset(): void;
  /** All endpoints, in creation order (copies). */
  listEndpoints(): SimulatedEndpoint[];
  /** One endpoint (a copy), or `undefined`. */
  getEndpoint(endpointId: string): SimulatedEndpoint | undefined;
  /** All SIMs, in inventory order (copies). */
  listSims(): SimulatedSim[];
  /** One SIM (a copy), or `undefined`. */
  getSim(iccid: string): SimulatedSim | undefined;
  /** All tags (copies). */
  listTags(): SimulatedTag[];
  /** A snapshot of the counters. */
  counters(): SimulatorCounters;
  /** Zeroes the counters (the state is kept). */
  resetCounters(): void;
  /** The SIM inventory as CSV (`iccid,name`), for `sft-endpoints provision --input`. */
  inventoryCsv(): string;
  /** Changes behind the SDK's back (drift), for tests of reconciliation and sync. */
  readonly admin: SimulatorAdmin;
}

interface Route {
  operation: SftOperationName;
  handler?: OperationHandler;
}

const HANDLERS: Partial<Record<SftOperationName, OperationHandler>> = {
  createEndpoint,
  getEndpointProfile,
  listEndpoints,
  fetchSims,
  activateEndpoint,
  changeLifecycle,
  deleteEndpoint,
  linkSim,
  delinkSim,
  createTag,
  modifyEndpoint,
  getStatistics,
};

/** Creates a simulated platform (no server; see {@link startSftSimulator} and {@link sftHandlers}). */
export function createSftSimulator(options: SftSimulatorOptions = {}): SftSimulator {
  const {
    seed = 1,
    sims: simCount = 1000,
    iccidLength,
    iccidPrefix,
    now = Date.now,
    enterprise,
    reseller,
    operations,
    ...patch
  } = options;
  const initialSettings = applySettingsPatch(defaultSettings(), patch);
  const inventory = generateSimInventory({
    count: simCount,
    seed,
    ...(iccidLength ? { iccidLength } : {}),
    ...(iccidPrefix ? { iccidPrefix } : {}),
  });
  const accounts = {
    enterprise: { accountId: '2001', tier: 'enterprise', ...DEMO_ENTERPRISE_CREDENTIALS, ...enterprise },
    reseller: { accountId: '1001', tier: 'reseller', ...DEMO_RESELLER_CREDENTIALS, ...reseller },
  } as const satisfies Record<string, SimulatedAccount>;

  const routes = new Map<string, Route>();
  const knownPaths = new Set<string>();
  for (const [operation, spec] of Object.entries(SFT_OPERATIONS) as [
    SftOperationName,
    typeof SFT_OPERATIONS.login,
  ][]) {
    const method = operations?.[operation]?.method ?? spec.method;
    const path = operations?.[operation]?.path ?? spec.path;
    routes.set(`${method} ${path}`, {
      operation,
      ...(HANDLERS[operation] ? { handler: HANDLERS[operation] } : {}),
    });
    knownPaths.add(path);
  }
  let settings = initialSettings;
  let state: PlatformState;
  let tokens: TokenIssuer;
  let faults: FaultInjector;
  let latencyRandom: SeededRandom;
  let rateLimiter: FixedWindowRateLimiter;

  function init(): void {
    settings = initialSettings;
    state = {
      accounts: [accounts.enterprise, accounts.reseller],
      sims: new Map(inventory.map((sim) => [sim.iccid, structuredClone(sim)])),
      endpoints: new Map(),
      tags: new Map(),
      counters: emptyCounters(),
      nextEndpointSerial: 70_000_001,
      nextAddonSerial: 1,
      nextTagSerial: 501,
      nextResponseSerial: 1,
    };
    tokens = new Tokens();
    faults = new FaultInjector(createSeededRandom(hashSeed(`faults:${seed}`)));
    latencyRandom = createSeededRandom(hashSeed(`latency:${seed}`));
    rateLimiter = new FixedWindowRateLimiter();
  }
  init();

  function stamp() {
    return {
      responseId: `SIM${String(state.nextResponseSerial++).padStart(10, '0')}`,
      responseTimestamp: formatResponseTimestamp(now()),
    };
  }

  function answer(outcome: OperationOutcome, extra: Partial<SimAnswer> = {}): SimAnswer {
    const headers: Record<string, string> = {};
    if (settings.tps > 0) headers['X-Rate-Limit-TPS'] = String(settings.tps);
    return {
      status: outcome.status ?? 200,
      headers: { ...headers, ...extra.headers },
      body: outcome.flatBody ?? envelope(outcome, stamp()),
      drop: extra.drop ?? false,
      delayMs: extra.delayMs ?? 0,
    };
  }

  function countFault(operation: SftOperationName, kind: FaultKind): void {
    state.counters.faultsInjected[kind]++;
    state.counters.faultsByOperation[operation] ??= {};
    bump(state.counters.faultsByOperation[operation], kind);
  }

  function tokenFailure(): OperationOutcome {
    state.counters.expiredTokenAnswers++;
    return {
      success: false,
      result: CODES.tokenExpired,
      ...(settings.expiredTokenSignal === 'http-401' ? { status: 401 } : {}),
    };
  }

  function handle(request: SimRequest): SimAnswer {
    const method = request.method.toUpperCase();
    const route = routes.get(`${method} ${request.path}`);
    if (!route) {
      state.counters.unknownRequests++;
      const known = knownPaths.has(request.path);
      return answer({
        success: false,
        status: known ? 405 : 404,
        result: known ? CODES.methodNotAllowed : CODES.unknownApi,
      });
    }
    const { operation } = route;
    bump(state.counters.requestsByOperation, operation);
    const delayMs = sampleLatency(latencyRandom, settings.latency, operation);
    const nowMs = now();

    if (request.bodyInvalid) {
      return answer(
        {
          success: false,
          status: 400,
          result: { ...CODES.incorrectValue, description: 'Incorrect value in request body (not JSON)' },
        },
        { delayMs },
      );
    }

    // Who is calling: login names its account; every other call carries a token.
    const presented = bearerToken(request.header('x-authorization'));
    const kind = operation === 'refreshToken' ? 'refresh' : 'access';
    const check = operation === 'login' ? undefined : tokens.check(presented, kind, nowMs);
    const accountId =
      operation === 'login'
        ? loginAccount(state, request.body)?.accountId
        : check?.ok
          ? check.token.accountId
          : check?.token?.accountId;

    if (accountId !== undefined && !rateLimiter.tryAcquire(accountId, settings.tps, nowMs)) {
      state.counters.rateLimited++;
      bump(state.counters.rateLimitedByOperation, operation);
      const headers: Record<string, string> = {};
      if (settings.retryAfterSeconds !== undefined)
        headers['Retry-After'] = String(settings.retryAfterSeconds);
      return answer({ success: false, status: 429, result: CODES.rateLimited }, { headers, delayMs });
    }

    if (operation === 'login')
      return answer(login({ state, settings, tokens, nowMs }, request.body), { delayMs });
    if (!check?.ok) return answer(tokenFailure(), { delayMs });
    if (operation === 'refreshToken') {
      state.counters.refreshes++;
      return answer(
        issuePair({ state, settings, tokens, nowMs }, check.token.accountId, check.token.username),
        {
          delayMs,
        },
      );
    }
    const account = state.accounts.find((a) => a.accountId === check.token.accountId)!;
    if (account.tier !== 'enterprise')
      return answer({ success: false, result: CODES.authorisationFailure }, { delayMs });

    if (operation === 'createEndpoint') {
      const iccid = asRecord(asRecord(asRecord(request.body)?.Request)?.requestParam)?.iccid;
      if (typeof iccid === 'string' || typeof iccid === 'number')
        bump(state.counters.createCallsByIccid, String(iccid));
    }

    const fault = faults.draw(operation, settings.faults);
    if (fault) countFault(operation, fault);
    if (fault === 'serverError')
      return answer({ success: false, status: 500, result: CODES.serverError }, { delayMs });

    const handler = route.handler;
    const outcome: OperationOutcome = handler
      ? handler({ state, settings, nowMs, account, request })
      : { success: false, status: 404, result: CODES.unknownApi };

    if (fault === 'lostAfterCommit') {
      const description = method === 'GET' ? TIMEOUT_MESSAGE_READ : TIMEOUT_MESSAGE_WRITE;
      return answer({ success: false, result: { code: CODES.timedOut.code, description } }, { delayMs });
    }
    return answer(outcome, { delayMs, drop: fault === 'dropAfterCommit' });
  }

  const admin = createSimulatorAdmin({
    state: () => state,
    tokens: () => tokens,
    now,
    enterpriseAccountId: accounts.enterprise.accountId,
  });

  return {
    credentials: { username: accounts.enterprise.username, password: accounts.enterprise.password },
    accounts,
    get settings() {
      return settings;
    },
    now,
    handle,
    configure(patchToApply) {
      settings = applySettingsPatch(settings, patchToApply);
    },
    failNext(fault) {
      faults.force(fault);
    },
    reset: init,
    listEndpoints: () => [...state.endpoints.values()].map((e) => structuredClone(e)),
    getEndpoint: (id) => {
      const endpoint = state.endpoints.get(id);
      return endpoint && structuredClone(endpoint);
    },
    listSims: () => [...state.sims.values()].map((s) => structuredClone(s)),
    getSim: (iccid) => {
      const sim = state.sims.get(iccid);
      return sim && structuredClone(sim);
    },
    listTags: () => [...state.tags.values()].map((t) => ({ ...t })),
    counters: () => structuredClone(state.counters),
    resetCounters() {
      state.counters = emptyCounters();
    },
    inventoryCsv: () => simInventoryCsv([...state.sims.values()]),
    admin,
  };
}
