/**
 * Endpoint operations: create, read, list, activate, change lifecycle, delete, link and de-link a SIM.
 * One thin typed function per SFT call; the client is the first argument.
 *
 * @module
 */
import { z } from 'zod';
import type { SftClient } from '../client.js';
import { SftApiError, SftValidationError, type SftValidationIssue } from '../errors.js';
import { readPages } from '../internal/pages.js';
import { toPlatformState } from '../internal/states.js';
import { issuesOf, requireId, validateField } from '../internal/validate.js';
import { SFT_RESULT_CODES } from '../result-codes.js';
import { endpointNameSchema, endpointRowSchema, iccidSchema, tagNameSchema } from '../schemas.js';
import { endpointRequest, paramsRequest, type SftResponse } from '../transport/envelope.js';
import type { SftCallOptions } from '../transport/transport.js';
import type { CreateEndpointInput, EndpointRecord, PlatformEndpointState } from '../types.js';
import { findSimByIccid } from './sims.js';

/** What a write operation answered: the specific result code and description, and the transaction id. */
export interface SftOperationResult {
  /** `Response.resultParam.resultCode`, when sent. */
  resultCode: string | undefined;
  /** `Response.resultParam.resultDescription`, when sent. */
  resultDescription: string | undefined;
  /** `Response.responseId` (quote it to BICS support). */
  responseId: string | undefined;
}

function resultOf(response: SftResponse): SftOperationResult {
  return {
    resultCode: response.resultParam?.resultCode,
    resultDescription: response.resultParam?.resultDescription,
    responseId: response.responseId,
  };
}

/** `requestParam` keys the SDK sets itself; `extra` may not contain them. */
const MODELLED_CREATE_FIELDS = [
  'name',
  'iccid',
  'isLinkSIM',
  'isDefaultActivation',
  'roamingProfileId',
  'planId',
  'apnGroupId',
  'addonPlanIds',
] as const;

const optionalId = z.string().min(1, 'must not be empty').optional();

function buildCreateEndpointSchema(checkDigit: boolean) {
  return z.object({
    name: endpointNameSchema,
    iccid: iccidSchema({ checkDigit }),
    tags: z.array(tagNameSchema).optional(),
    isDefaultActivation: z.boolean({ error: 'isDefaultActivation must be true or false' }).optional(),
    roamingProfileId: z.union([optionalId, z.array(z.string().min(1, 'must not be empty'))]).optional(),
    planId: optionalId,
    apnGroupId: optionalId,
    addonPlanIds: z.array(z.string().min(1, 'must not be empty')).optional(),
    extra: z.record(z.string(), z.unknown()).optional(),
  });
}

// Built once per check-digit rule: building a zod object schema costs ~0.5 ms, parsing one row a few µs,
// and bulk runs validate every row (twice: the row validator, then sendCreateEndpoint).
const CREATE_ENDPOINT_SCHEMAS = {
  checked: buildCreateEndpointSchema(true),
  unchecked: buildCreateEndpointSchema(false),
};

/**
 * Checks a `createEndpoint` input without sending anything; returns it with defaults applied.
 * Rules: name 1-100 characters; ICCID 19-20 digits with a valid Luhn check digit (unless
 * `checkDigit: false`); tags per the Create Tag rule; `extra` must not repeat modelled fields.
 *
 * @throws {@link SftValidationError} listing every problem, each naming its field.
 */
export function validateCreateEndpointInput(
  input: CreateEndpointInput,
  options: { checkDigit?: boolean } = {},
): CreateEndpointInput {
  if (!input || typeof input !== 'object') {
    throw new SftValidationError([{ field: 'input', message: 'an object { name, iccid } is required' }], {
      operation: 'createEndpoint',
    });
  }
  const schema =
    (options.checkDigit ?? true) ? CREATE_ENDPOINT_SCHEMAS.checked : CREATE_ENDPOINT_SCHEMAS.unchecked;
  const parsed = schema.safeParse(input);
  const issues: SftValidationIssue[] = parsed.success ? [] : issuesOf(parsed.error);
  for (const key of MODELLED_CREATE_FIELDS) {
    if (input.extra && Object.hasOwn(input.extra, key)) {
      issues.push({ field: `extra.${key}`, message: `set ${key} as a field of the input, not in extra` });
    }
  }
  if (issues.length > 0) throw new SftValidationError(issues, { operation: 'createEndpoint' });
  return input;
}

/**
 * The Create Endpoint `requestParam` for `input` (wire form: booleans and ids as strings).
 * `isDefaultActivation` is `"false"` unless the input sets it to `true`; `isLinkSIM` is `"true"`
 * when an ICCID is given. Fields of `extra` are passed through verbatim (*unverified* fields).
 */
function createEndpointRequestParam(
  input: CreateEndpointInput,
  defaults: SftClient['defaults'] = {},
): Record<string, unknown> {
  const roaming = input.roamingProfileId ?? defaults.roamingProfileId;
  const param: Record<string, unknown> = {
    ...input.extra,
    name: input.name,
    isLinkSIM: input.iccid ? 'true' : 'false',
    iccid: input.iccid,
    isDefaultActivation: input.isDefaultActivation === true ? 'true' : 'false',
  };
  if (roaming !== undefined)
    param.roamingProfileId = typeof roaming === 'string' ? roaming : roaming.join('|');
  const planId = input.planId ?? defaults.planId;
  if (planId !== undefined) param.planId = planId;
  const apnGroupId = input.apnGroupId ?? defaults.apnGroupId;
  if (apnGroupId !== undefined) param.apnGroupId = apnGroupId;
  if (input.addonPlanIds !== undefined) param.addonPlanIds = [...input.addonPlanIds];
  return param;
}

/**
 * Sends Create Endpoint (`POST /api/CreateEndPoint`) and returns the new endpoint, **without**
 * touching the client's store (the bulk engine journals itself). Validates the input first.
 *
 * Endpoints are created **Pre-Active** (`isDefaultActivation: "false"`) unless the input opts in
 * with `isDefaultActivation: true`. When the answer lacks `endPointId`, the id is looked up by ICCID
 * (fetchSIM), as working clients do.
 *
 * @throws {@link SftValidationError} before sending; {@link SftTimeoutError} / {@link SftNetworkError}
 *   with `outcome: 'unknown'` when the create may have happened (never re-sent: look the ICCID up
 *   with {@link findSimByIccid} first); {@link SftApiError} when refused.
 */
export async function sendCreateEndpoint(
  client: SftClient,
  input: CreateEndpointInput,
  options: SftCallOptions = {},
): Promise<EndpointRecord> {
  validateCreateEndpointInput(input, { checkDigit: client.iccidCheckDigit });
  const response = await client.transport.send('createEndpoint', {
    ...options,
    body: paramsRequest(createEndpointRequestParam(input, client.defaults)),
  });
  let endpointId = readEndpointId(response);
  if (endpointId === undefined) {
    client.logger.warn('createEndpoint: the answer carries no endPointId; looking the ICCID up', {
      iccid: input.iccid,
    });
    let lookupError: unknown;
    try {
      endpointId = (await findSimByIccid(client, input.iccid, options))?.endpointId;
    } catch (error) {
      // The create succeeded: a failed lookup must not read as "not applied" (a caller would create again).
      lookupError = error;
    }
    if (endpointId === undefined) {
      throw new SftApiError(
        `createEndpoint: SFT reported success but gave no endpoint id, and ${
          lookupError === undefined ? 'the ICCID is not linked yet' : 'looking the ICCID up failed'
        }. Look the ICCID up later before creating it again.`,
        {
          operation: 'createEndpoint',
          outcome: 'unknown',
          resultCode: response.resultParam?.resultCode ?? 'MISSING_ENDPOINT_ID',
          ...(response.responseId === undefined ? {} : { responseId: response.responseId }),
          ...(lookupError === undefined ? {} : { cause: lookupError }),
        },
      );
    }
  }
  return {
    endpointId,
    iccid: input.iccid,
    name: input.name,
    tags: [...new Set(input.tags ?? [])],
    state: input.isDefaultActivation === true ? 'active' : 'pre-active',
  };
}

/** `Response.endPointId` (observed casing), or the `endpointId` spelling, when present and not "-". */
function readEndpointId(response: SftResponse): string | undefined {
  const raw =
    (response as Record<string, unknown>).endPointId ?? (response as Record<string, unknown>).endpointId;
  if (raw === undefined || raw === null) return undefined;
  const id = String(raw);
  return id === '' || id === '-' ? undefined : id;
}

/**
 * Creates one endpoint (see {@link sendCreateEndpoint}) and records it in `client.store`
 * (endpointId, ICCID, name, tags, state `'pre-active'` — or `'active'` when opted in).
 *
 * If the store write fails after the platform created the endpoint, the store's error is thrown;
 * the endpoint exists on the platform (find it with {@link findSimByIccid}).
 */
export async function createEndpoint(
  client: SftClient,
  input: CreateEndpointInput,
  options: SftCallOptions = {},
): Promise<EndpointRecord> {
  const record = await sendCreateEndpoint(client, input, options);
  await client.store.upsert({
    iccid: record.iccid,
    name: record.name,
    endpointId: record.endpointId,
    tags: record.tags,
    state: record.state,
    lastError: null,
  });
  return record;
}

/** One endpoint as Get Endpoint Profile describes it. */
export interface EndpointProfile {
  /** The endpoint id asked for. */
  endpointId: string;
  /** The linked SIM's ICCID, when one is linked. */
  iccid: string | undefined;
  /** The endpoint's name. */
  name: string | undefined;
  /** MSISDN, when assigned. */
  msisdn: string | undefined;
  /** IMSI, when assigned. */
  imsi: string | undefined;
  /** IMEI lock status, verbatim. */
  imeiLockStatus: string | undefined;
  /**
   * The endpoint's state, from `basicInfo.endPointStatus`. *Unverified*: this field is not in the
   * known BICS docs or observed clients; `undefined` when absent or unrecognised.
   */
  state: PlatformEndpointState | undefined;
  /** `Response.info` verbatim, for fields the SDK does not model. */
  raw: unknown;
}

const profileSchema = z
  .object({
    info: z
      .object({
        basicInfo: z
          .object({
            iccid: z.coerce.string().optional(),
            name: z.coerce.string().optional(),
            msisdn: z.coerce.string().optional(),
            imsi: z.coerce.string().optional(),
            imeiLockStatus: z.coerce.string().optional(),
            endPointStatus: z.string().optional(),
          })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

/**
 * Reads one endpoint: `GET /api/GetEndPointProfile?endPointId=` (path observed in working clients,
 * *unverified*; 180 s timeout per BICS). Fields from `Response.info.basicInfo`.
 */
export async function getEndpointProfile(
  client: SftClient,
  endpointId: string,
  options: SftCallOptions = {},
): Promise<EndpointProfile> {
  const id = requireId(endpointId, 'endpointId', 'getEndpointProfile');
  const response = await client.transport.send('getEndpointProfile', {
    ...options,
    query: { endPointId: id },
  });
  const parsed = profileSchema.safeParse(response);
  const basic = parsed.success ? parsed.data.info?.basicInfo : undefined;
  const iccid = basic?.iccid === '-' || basic?.iccid === '' ? undefined : basic?.iccid;
  return {
    endpointId: id,
    iccid,
    name: basic?.name,
    msisdn: basic?.msisdn,
    imsi: basic?.imsi,
    imeiLockStatus: basic?.imeiLockStatus,
    state: toPlatformState(basic?.endPointStatus),
    raw: (response as Record<string, unknown>).info,
  };
}

/** One row of Get Endpoints. */
export interface EndpointSummary {
  /** SFT's endpoint id. */
  endpointId: string;
  /** The endpoint's name. */
  name: string | undefined;
  /** The linked SIM's ICCID, when one is linked. */
  iccid: string | undefined;
  /** The state from `endPointStatus` (*unverified* field), when recognised. */
  state: PlatformEndpointState | undefined;
  /** The row verbatim. */
  raw: Record<string, unknown>;
}

/** Paging of list operations. */
export interface PageFilters {
  /** Rows per page. Default 100 (the platform's maximum is unknown). */
  perPage?: number;
  /** First page to read (1-based). Default 1. */
  startPage?: number;
  /** Stop after this many pages. Default: until a page is shorter than `perPage`. */
  maxPages?: number;
}

/**
 * Filters of {@link listEndpoints}. *Unverified*: the filters and paging of Get Endpoints are not in the
 * known BICS docs; `page`/`perPage` follow fetchSIM. `query` passes any other parameter through.
 */
export interface ListEndpointsFilters extends PageFilters {
  /** Extra query parameters, sent verbatim. */
  query?: Record<string, string | number>;
}

/**
 * Lists endpoints (`GET /api/GetEndPoints`, *unverified*) as an async iterator: pages are fetched
 * lazily as you iterate. Rows that do not carry an `endPointId` are skipped.
 *
 * @example
 * ```ts
 * for await (const endpoint of listEndpoints(client)) console.log(endpoint.endpointId, endpoint.state);
 * ```
 */
export async function* listEndpoints(
  client: SftClient,
  filters: ListEndpointsFilters = {},
  options: SftCallOptions = {},
): AsyncGenerator<EndpointSummary, void, undefined> {
  for await (const rows of readPages(client, 'listEndpoints', { ...filters.query }, filters, options)) {
    for (const row of rows) {
      const parsed = endpointRowSchema.safeParse(row);
      if (!parsed.success) continue;
      const iccid = parsed.data.iccid;
      yield {
        endpointId: parsed.data.endPointId,
        name: parsed.data.name,
        iccid: iccid === '-' || iccid === '' ? undefined : iccid,
        state: toPlatformState(parsed.data.endPointStatus),
        raw: parsed.data as Record<string, unknown>,
      };
    }
  }
}

/** Result of {@link activateEndpoint}. */
export interface ActivationResult extends SftOperationResult {
  /** The endpoint id. */
  endpointId: string;
  /**
   * True when the platform answered "already active" (2507, a *claimed* code): the endpoint is
   * active, this call changed nothing.
   */
  alreadyActive: boolean;
}

/**
 * Activates a Pre-Active endpoint and its SIM (`POST /api/EndPointActivation` with
 * `{ Request: { endPointId } }`, observed in working clients, *unverified*). May be a charged event.
 *
 * On an unknown outcome (timeout, 10240, dropped connection) the error has `outcome: 'unknown'`:
 * read the endpoint's state before activating again.
 */
export async function activateEndpoint(
  client: SftClient,
  endpointId: string,
  options: SftCallOptions = {},
): Promise<ActivationResult> {
  const id = requireId(endpointId, 'endpointId', 'activateEndpoint');
  try {
    const response = await client.transport.send('activateEndpoint', {
      ...options,
      body: endpointRequest(id),
    });
    return { endpointId: id, alreadyActive: false, ...resultOf(response) };
  } catch (error) {
    if (error instanceof SftApiError && error.resultCode === SFT_RESULT_CODES.endpointAlreadyActive.code) {
      return {
        endpointId: id,
        alreadyActive: true,
        resultCode: error.resultCode,
        resultDescription: error.resultDescription,
        responseId: error.responseId,
      };
    }
    throw error;
  }
}

/** Lifecycle codes of Endpoint LifeCycle Change: `'A'` activate/resume, `'S'` suspend (observed). */
export type LifecycleCode = 'A' | 'S';

/** Options of {@link changeLifecycle}. */
export interface ChangeLifecycleOptions extends SftCallOptions {
  /**
   * The `reason` sent. Default `'1'` (the value observed in working clients; 1 System / 2 Dunning /
   * 3 CSR is only *claimed*, unverified).
   */
  reason?: string;
}

const lifecycleCodeSchema = z.enum(['A', 'S'], { error: "lifeCycle must be 'A' or 'S'" });

/**
 * Changes an endpoint's lifecycle (`POST /api/EndPointLifeCycleChange`, observed, *unverified*):
 * `'A'` moves Pre-Active or Suspended to Active, `'S'` suspends an Active endpoint.
 */
export async function changeLifecycle(
  client: SftClient,
  endpointId: string,
  lifeCycle: LifecycleCode,
  options: ChangeLifecycleOptions = {},
): Promise<SftOperationResult> {
  const id = requireId(endpointId, 'endpointId', 'changeLifecycle');
  validateField(lifecycleCodeSchema, lifeCycle, 'lifeCycle', 'changeLifecycle');
  const { reason, ...call } = options;
  const response = await client.transport.send('changeLifecycle', {
    ...call,
    body: endpointRequest(id, { lifeCycle, reason: reason ?? '1' }),
  });
  return resultOf(response);
}

/**
 * Deletes an endpoint (`POST /api/DeleteEndPoint`, observed, *unverified*; success code 10159).
 * Working clients de-link the SIM first; whether that is required is unknown.
 */
export async function deleteEndpoint(
  client: SftClient,
  endpointId: string,
  options: SftCallOptions = {},
): Promise<SftOperationResult> {
  const id = requireId(endpointId, 'endpointId', 'deleteEndpoint');
  return resultOf(await client.transport.send('deleteEndpoint', { ...options, body: endpointRequest(id) }));
}

/**
 * Links a Ready-to-Activate SIM to an endpoint in Hold (`POST /api/LinkSim`, observed, *unverified*).
 * The ICCID is validated first (Luhn unless the client relaxes it).
 */
export async function linkSim(
  client: SftClient,
  endpointId: string,
  iccid: string,
  options: SftCallOptions = {},
): Promise<SftOperationResult> {
  const id = requireId(endpointId, 'endpointId', 'linkSim');
  const checked = validateField(
    iccidSchema({ checkDigit: client.iccidCheckDigit }),
    iccid,
    'iccid',
    'linkSim',
  );
  return resultOf(
    await client.transport.send('linkSim', { ...options, body: endpointRequest(id, { iccid: checked }) }),
  );
}

/**
 * De-links the SIM from an endpoint (`POST /api/DeLinkSim`, observed, *unverified*): the endpoint
 * goes to Hold and the SIM back to Ready to Activate.
 */
export async function delinkSim(
  client: SftClient,
  endpointId: string,
  options: SftCallOptions = {},
): Promise<SftOperationResult> {
  const id = requireId(endpointId, 'endpointId', 'delinkSim');
  return resultOf(await client.transport.send('delinkSim', { ...options, body: endpointRequest(id) }));
}
