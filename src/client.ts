/**
 * `createSftClient`: wires one transport, one token manager, one pacer and one store into an
 * {@link SftClient}.
 *
 * @module
 */

import { type AddonChange, type AddonChangeResult, modifyEndpointAddons } from './api/addons.js';
import {
  type ActivationResult,
  activateEndpoint,
  type ChangeLifecycleOptions,
  changeLifecycle,
  createEndpoint,
  deleteEndpoint,
  delinkSim,
  type EndpointProfile,
  type EndpointSummary,
  getEndpointProfile,
  type LifecycleCode,
  type ListEndpointsFilters,
  linkSim,
  listEndpoints,
  type SftOperationResult,
} from './api/endpoints.js';
import { type FetchSimsFilters, fetchSims, findSimByIccid, type SimInfo } from './api/sims.js';
import { type CreatedTag, type CreateTagInput, createTag } from './api/tags.js';
import { type EndpointUsage, getEndpointUsage, type UsagePeriod } from './api/usage.js';
import { SftValidationError } from './errors.js';
import { createLog, type SftLog, type SftLogger, type SftLogLevel } from './internal/logger.js';
import { Redactor } from './internal/redact.js';
import {
  type AllocateOptions,
  type Allocation,
  type AllocationCriteria,
  allocateEndpoint,
} from './inventory/allocate.js';
import {
  activateByTag,
  type BulkLifecycleOptions,
  type BulkLifecycleSummary,
  resumeByTag,
  suspendByTag,
} from './inventory/bulk-lifecycle.js';
import { type InventoryReport, inventoryReport } from './inventory/report.js';
import { type SyncOptions, type SyncReport, syncInventory } from './inventory/sync.js';
import { type BulkRun, createBulkEndpoints } from './provisioning/bulk.js';
import type { BulkCreateOptions, BulkRows } from './provisioning/types.js';
import { memoryStore } from './store/memory.js';
import type { EndpointFilter, EndpointStore } from './store/types.js';
import { DEFAULT_BASE_URL, resolveBaseUrl } from './transport/base-url.js';
import { SFT_OPERATIONS, type SftOperationName, type SftOperationSpec } from './transport/operations.js';
import type { RequestPacer } from './transport/pacer.js';
import { resolveRetryOptions, type SftRetryOptions } from './transport/retry-options.js';
import { createTokenBucketPacer } from './transport/token-bucket.js';
import { type SftCallOptions, type SftCredentials, SftTransport } from './transport/transport.js';
import type { CreateEndpointInput, EndpointRecord } from './types.js';

/**
 * Values used by `createEndpoint` when an input leaves them out. *Unverified*: which of these the
 * platform requires is not fully documented (`roamingProfileId` is listed as mandatory; `planId` and
 * `apnGroupId` are only observed in working clients).
 */
export interface CreateEndpointDefaults {
  /** Roaming profile id(s) for new endpoints; several are joined with `|`. */
  roamingProfileId?: string | readonly string[];
  /** Base plan id for new endpoints. */
  planId?: string;
  /** APN group id for new endpoints. */
  apnGroupId?: string;
}

/** Options of {@link createSftClient}. Only `credentials` is required. */
export interface SftClientOptions {
  /** Login credentials. The password is never logged nor put in an error. */
  credentials: SftCredentials;
  /**
   * Base URL of the platform. Default `https://sft.bics.com`. Must be `https:`; `http:` is accepted
   * only for loopback hosts (127.0.0.0/8, localhost, ::1 — e.g. the simulator) or with `allowInsecureHttp`.
   */
  baseUrl?: string;
  /** Allow `http:` to non-loopback hosts (credentials then travel unencrypted). Default false. */
  allowInsecureHttp?: boolean;
  /** Where created endpoints are recorded. Default `memoryStore()` (lost when the process exits). */
  store?: EndpointStore;
  /**
   * Requests per second. Without it the client starts at 2 (the platform's default per-account
   * limit, shared by every user and process of the account) and follows the limit the platform
   * announces in `X-Rate-Limit-TPS`; with it, the client starts there and never exceeds it.
   * Ignored when `pacer` is given.
   */
  maxTps?: number;
  /** A custom pacer (e.g. one shared by several clients). Default: a token bucket at `maxTps`. */
  pacer?: RequestPacer;
  /**
   * How many calls the tag-wide lifecycle helpers (`activateByTag`, `suspendByTag`, `resumeByTag`)
   * run at once. Default 4. Pacing, not concurrency, bounds the rate. `createBulkEndpoints` ignores
   * it: pass `concurrency` to the run (default `'auto'`).
   */
  concurrency?: number;
  /** What is retried and how patiently; see {@link SftRetryOptions}. */
  retry?: SftRetryOptions;
  /** Client-side timeouts per operation, in milliseconds (default: 180 000 for long operations, 30 000 otherwise). */
  timeouts?: Partial<Record<SftOperationName, number>>;
  /**
   * Overrides of the operation table (method, path, timeout), e.g. when BICS support gives a
   * different path for an *unverified* operation.
   */
  operations?: Partial<Record<SftOperationName, Partial<SftOperationSpec>>>;
  /** Defaults for `createEndpoint` inputs (roaming profile, plan, APN group). */
  defaults?: CreateEndpointDefaults;
  /** Where log lines go (a console-like object). Default: nowhere. Lines never contain secrets. */
  logger?: SftLogger;
  /** Minimum level written to `logger`. Default `'info'`. */
  logLevel?: SftLogLevel;
  /** Aborts every call of this client (e.g. on shutdown). */
  signal?: AbortSignal;
  /** The `fetch` implementation. Default: the global `fetch`, looked up at each call. */
  fetch?: typeof fetch;
  /**
   * Require a valid Luhn check digit on ICCIDs. Default true; set false for SIM vendors whose ICCIDs
   * omit or miscompute it.
   */
  iccidCheckDigit?: boolean;
  /** Refresh the access token this long before its JWT `exp`, in milliseconds. Default 30 000. */
  tokenRefreshSkewMs?: number;
}

/**
 * A configured connection to SFT. Create it once per account and share it: every call goes through
 * one token set and one pacer, so concurrent calls stay within the account's rate limit.
 *
 * The methods mirror the API functions (`client.createEndpoint(input)` ≡ `createEndpoint(client, input)`).
 */
export interface SftClient {
  /** Where created endpoints are recorded. */
  readonly store: EndpointStore;
  /** Paces every request to the account's rate limit. */
  readonly pacer: RequestPacer;
  /** The redacted log (writes to the `logger` option). */
  readonly logger: SftLog;
  /** Sends operations by name (authentication, pacing, safe retries, envelope decoding, error mapping). */
  readonly transport: SftTransport;
  /** The checked base URL. */
  readonly baseUrl: string;
  /** How many calls the tag-wide lifecycle helpers run at once (not `createBulkEndpoints`). */
  readonly concurrency: number;
  /** Whether ICCIDs must carry a valid Luhn check digit. */
  readonly iccidCheckDigit: boolean;
  /** Defaults for `createEndpoint`. */
  readonly defaults: Readonly<CreateEndpointDefaults>;
  /** The client-wide abort signal, if any. */
  readonly signal: AbortSignal | undefined;

  /** See {@link createEndpoint}. */
  createEndpoint(input: CreateEndpointInput, options?: SftCallOptions): Promise<EndpointRecord>;
  /** See {@link getEndpointProfile}. */
  getEndpointProfile(endpointId: string, options?: SftCallOptions): Promise<EndpointProfile>;
  /** See {@link listEndpoints}. */
  listEndpoints(
    filters?: ListEndpointsFilters,
    options?: SftCallOptions,
  ): AsyncIterableIterator<EndpointSummary>;
  /** See {@link fetchSims}. */
  fetchSims(filters?: FetchSimsFilters, options?: SftCallOptions): AsyncIterableIterator<SimInfo>;
  /** See {@link findSimByIccid}. */
  findSimByIccid(iccid: string, options?: SftCallOptions): Promise<SimInfo | undefined>;
  /** See {@link activateEndpoint}. */
  activateEndpoint(endpointId: string, options?: SftCallOptions): Promise<ActivationResult>;
  /** See {@link changeLifecycle}. */
  changeLifecycle(
    endpointId: string,
    lifeCycle: LifecycleCode,
    options?: ChangeLifecycleOptions,
  ): Promise<SftOperationResult>;
  /** See {@link deleteEndpoint}. */
  deleteEndpoint(endpointId: string, options?: SftCallOptions): Promise<SftOperationResult>;
  /** See {@link linkSim}. */
  linkSim(endpointId: string, iccid: string, options?: SftCallOptions): Promise<SftOperationResult>;
  /** See {@link delinkSim}. */
  delinkSim(endpointId: string, options?: SftCallOptions): Promise<SftOperationResult>;
  /** See {@link createTag}. */
  createTag(input: CreateTagInput, options?: SftCallOptions): Promise<CreatedTag>;
  /** See {@link createBulkEndpoints}: `await` it for the summary, or iterate it for per-row results. */
  createBulkEndpoints(rows: BulkRows, options?: BulkCreateOptions): BulkRun;
  /** See {@link modifyEndpointAddons} (*unverified* call). */
  modifyEndpointAddons(
    endpointId: string,
    change: AddonChange,
    options?: SftCallOptions,
  ): Promise<AddonChangeResult>;
  /** See {@link getEndpointUsage} (*unverified* call). */
  getEndpointUsage(endpointId: string, period: UsagePeriod, options?: SftCallOptions): Promise<EndpointUsage>;
  /** See {@link allocateEndpoint}. */
  allocateEndpoint(criteria?: AllocationCriteria, options?: AllocateOptions): Promise<Allocation>;
  /** See {@link activateByTag}. */
  activateByTag(tag: string, options?: BulkLifecycleOptions): Promise<BulkLifecycleSummary>;
  /** See {@link suspendByTag}. */
  suspendByTag(tag: string, options?: BulkLifecycleOptions): Promise<BulkLifecycleSummary>;
  /** See {@link resumeByTag}. */
  resumeByTag(tag: string, options?: BulkLifecycleOptions): Promise<BulkLifecycleSummary>;
  /** See {@link syncInventory}. */
  syncInventory(options?: SyncOptions): Promise<SyncReport>;
  /** See {@link inventoryReport}. */
  inventoryReport(filter?: EndpointFilter): Promise<InventoryReport>;
}

/** The effective operation table: built-ins, then `operations` overrides, then `timeouts`. */
function resolveOperations(options: SftClientOptions): Record<SftOperationName, SftOperationSpec> {
  const table = {} as Record<SftOperationName, SftOperationSpec>;
  for (const name of Object.keys(SFT_OPERATIONS) as SftOperationName[]) {
    const timeoutMs = options.timeouts?.[name];
    table[name] = {
      ...SFT_OPERATIONS[name],
      ...options.operations?.[name],
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    };
  }
  return table;
}

function checkCredentials(credentials: SftCredentials | undefined): SftCredentials {
  const issues = [];
  if (!credentials || typeof credentials !== 'object') {
    issues.push({ field: 'credentials', message: 'credentials { username, password } are required' });
  } else {
    if (typeof credentials.username !== 'string' || credentials.username === '') {
      issues.push({ field: 'credentials.username', message: 'username is required' });
    }
    if (typeof credentials.password !== 'string' || credentials.password === '') {
      issues.push({ field: 'credentials.password', message: 'password is required' });
    }
  }
  if (issues.length > 0) throw new SftValidationError(issues, { operation: 'createSftClient' });
  return credentials as SftCredentials;
}

/**
 * Creates a client. Nothing is sent until the first call (which logs in).
 *
 * @throws {@link SftValidationError} for missing credentials or a refused base URL.
 * @example
 * ```ts
 * const client = createSftClient({ credentials: { username, password } });
 * const endpoint = await client.createEndpoint({ name: 'inv-0001', iccid: '8932…' });
 * ```
 */
export function createSftClient(options: SftClientOptions): SftClient {
  const credentials = checkCredentials(options.credentials);
  const baseUrl = resolveBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL, options.allowInsecureHttp ?? false);
  const redactor = new Redactor();
  redactor.addSecret(credentials.password);
  const logger = createLog(options.logger, options.logLevel ?? 'info', redactor);
  const pacer =
    options.pacer ??
    createTokenBucketPacer({
      tps: options.maxTps ?? 2,
      ...(options.maxTps === undefined ? {} : { maxTps: options.maxTps }),
    });
  const store = options.store ?? memoryStore();
  const transport = new SftTransport({
    baseUrl,
    operations: resolveOperations(options),
    credentials,
    pacer,
    retry: resolveRetryOptions(options.retry),
    log: logger,
    redactor,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.tokenRefreshSkewMs === undefined ? {} : { tokenRefreshSkewMs: options.tokenRefreshSkewMs }),
  });

  const client: SftClient = {
    store,
    pacer,
    logger,
    transport,
    baseUrl,
    concurrency: options.concurrency ?? 4,
    iccidCheckDigit: options.iccidCheckDigit ?? true,
    defaults: Object.freeze({ ...options.defaults }),
    signal: options.signal,
    createEndpoint: (input, callOptions) => createEndpoint(client, input, callOptions),
    getEndpointProfile: (endpointId, callOptions) => getEndpointProfile(client, endpointId, callOptions),
    listEndpoints: (filters, callOptions) => listEndpoints(client, filters, callOptions),
    fetchSims: (filters, callOptions) => fetchSims(client, filters, callOptions),
    findSimByIccid: (iccid, callOptions) => findSimByIccid(client, iccid, callOptions),
    activateEndpoint: (endpointId, callOptions) => activateEndpoint(client, endpointId, callOptions),
    changeLifecycle: (endpointId, lifeCycle, callOptions) =>
      changeLifecycle(client, endpointId, lifeCycle, callOptions),
    deleteEndpoint: (endpointId, callOptions) => deleteEndpoint(client, endpointId, callOptions),
    linkSim: (endpointId, iccid, callOptions) => linkSim(client, endpointId, iccid, callOptions),
    delinkSim: (endpointId, callOptions) => delinkSim(client, endpointId, callOptions),
    createTag: (input, callOptions) => createTag(client, input, callOptions),
    createBulkEndpoints: (rows, bulkOptions) => createBulkEndpoints(client, rows, bulkOptions),
    modifyEndpointAddons: (endpointId, change, callOptions) =>
      modifyEndpointAddons(client, endpointId, change, callOptions),
    getEndpointUsage: (endpointId, period, callOptions) =>
      getEndpointUsage(client, endpointId, period, callOptions),
    allocateEndpoint: (criteria, allocateOptions) => allocateEndpoint(client, criteria, allocateOptions),
    activateByTag: (tag, bulkOptions) => activateByTag(client, tag, bulkOptions),
    suspendByTag: (tag, bulkOptions) => suspendByTag(client, tag, bulkOptions),
    resumeByTag: (tag, bulkOptions) => resumeByTag(client, tag, bulkOptions),
    syncInventory: (syncOptions) => syncInventory(client, syncOptions),
    inventoryReport: (filter) => inventoryReport(client, filter),
  };
  return client;
}

export type { SftLog, SftLogger, SftLogLevel } from './internal/logger.js';
export type { Redactor } from './internal/redact.js';
export { type BackoffBounds, fullJitterBackoff } from './transport/backoff.js';
export { DEFAULT_BASE_URL } from './transport/base-url.js';
export { type SftResponse, toWireValue, type WireValue } from './transport/envelope.js';
export {
  DEFAULT_RETRY_OPTIONS,
  type ResolvedRetryOptions,
  type SftRetryOptions,
} from './transport/retry-options.js';
export type { TokenManager, TokenSet, TokenSource, TokenStats, WireTokenPair } from './transport/tokens.js';
export * from './transport/transport.js';
