/**
 * What every simulated operation receives, and helpers to read the SFT request envelope.
 *
 * @module
 */
import { SIMULATED_RESULT_CODES as CODES } from '../codes.js';
import type { SimulatorSettings } from '../settings.js';
import type { PlatformState, SimulatedAccount, SimulatedEndpoint } from '../state.js';
import { asRecord, fail, type OperationOutcome, readText, type SimRequest } from '../wire.js';

/** The input of one operation handler. */
export interface OperationContext {
  state: PlatformState;
  settings: SimulatorSettings;
  /** The simulator clock, epoch ms. */
  nowMs: number;
  /** The (Enterprise) account the request acts for. */
  account: SimulatedAccount;
  request: SimRequest;
}

/** One simulated operation. */
export type OperationHandler = (ctx: OperationContext) => OperationOutcome;

/** `Request` of an endpoint-scoped call: `{ Request: { endPointId, requestParam? } }`. */
export interface EndpointScopedRequest {
  endPointId?: string;
  requestParam: Record<string, unknown>;
}

/** Reads `{ Request: { endPointId?, requestParam? } }`; `undefined` when `Request` is missing. */
export function readRequest(body: unknown): EndpointScopedRequest | undefined {
  const request = asRecord(asRecord(body)?.Request);
  if (!request) return undefined;
  const endPointId = readText(request.endPointId);
  return { ...(endPointId ? { endPointId } : {}), requestParam: asRecord(request.requestParam) ?? {} };
}

/** A 10117 "incorrect value" failure naming the field. */
export function incorrect(field: string, why: string): OperationOutcome {
  return fail(CODES.incorrectValue, `${field} (${why})`);
}

/**
 * Finds the endpoint a scoped request names (in the request body, or in the query for GETs),
 * owned by the acting account; otherwise the failure to answer.
 */
export function findEndpoint(
  ctx: OperationContext,
  endPointId: string | undefined,
): SimulatedEndpoint | OperationOutcome {
  if (!endPointId) return incorrect('endPointId', 'mandatory');
  const endpoint = ctx.state.endpoints.get(endPointId);
  if (!endpoint || endpoint.accountId !== ctx.account.accountId) {
    return fail(CODES.endpointNotFound, endPointId);
  }
  return endpoint;
}

/** Whether a handler helper returned a failure rather than a value. */
export function isOutcome(value: unknown): value is OperationOutcome {
  return asRecord(value)?.result !== undefined && typeof asRecord(value)?.success === 'boolean';
}

/** Reads `page` (1-based) and `perPage` from the query; a failure when they are not positive integers. */
export function readPaging(ctx: OperationContext): { page: number; perPage: number } | OperationOutcome {
  const page = readPositiveInt(ctx.request.query.get('page'), 1);
  const perPage = readPositiveInt(ctx.request.query.get('perPage'), ctx.settings.defaultPerPage);
  if (page === undefined) return incorrect('page', 'a positive integer, 1-based');
  if (perPage === undefined || perPage > ctx.settings.maxPerPage) {
    return incorrect('perPage', `an integer from 1 to ${ctx.settings.maxPerPage}`);
  }
  return { page, perPage };
}

function readPositiveInt(raw: string | null, fallback: number): number | undefined {
  if (raw === null || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= 1 ? n : undefined;
}

/**
 * One page of the `items` that pass `keep`, walking only as far as that page ends (paging through a
 * large inventory stays linear overall).
 */
export function pageOf<T>(
  items: Iterable<T>,
  paging: { page: number; perPage: number },
  keep: (item: T) => boolean = () => true,
): T[] {
  let skip = (paging.page - 1) * paging.perPage;
  const page: T[] = [];
  for (const item of items) {
    if (!keep(item)) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    page.push(item);
    if (page.length === paging.perPage) break;
  }
  return page;
}
