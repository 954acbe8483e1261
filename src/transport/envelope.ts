/**
 * Encoding of SFT's `Request` envelope and decoding of its `Response` envelope. Pure functions.
 *
 * Wire conventions (as the working clients send them; the docs do not state JSON types, so this is
 * *unverified*): booleans and numbers travel as strings (`"true"`, `"3017"`); arrays and objects
 * keep their shape with their leaves stringified.
 *
 * @module
 */
import { type ResponseEnvelope, responseEnvelopeSchema } from '../schemas.js';

/** A value as it travels to SFT: strings, or arrays/objects of them. */
export type WireValue = string | WireValue[] | { [key: string]: WireValue };

/** `value` with booleans and numbers turned into strings; `undefined`/`null` fields are dropped. */
export function toWireValue(value: unknown): WireValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'bigint')
    return String(value);
  if (Array.isArray(value)) {
    return value.map(toWireValue).filter((v): v is WireValue => v !== undefined);
  }
  if (typeof value === 'object') {
    const out: { [key: string]: WireValue } = {};
    for (const [key, v] of Object.entries(value)) {
      const wire = toWireValue(v);
      if (wire !== undefined) out[key] = wire;
    }
    return out;
  }
  return String(value);
}

/** The documented envelope `{ Request: { requestParam } }`. */
export function paramsRequest(requestParam: Record<string, unknown>): {
  Request: { requestParam: WireValue };
} {
  return { Request: { requestParam: toWireValue(requestParam) ?? {} } };
}

/**
 * The endpoint-scoped envelope `{ Request: { endPointId, requestParam? } }` (observed in working
 * clients; activation, deletion and de-link send no `requestParam`).
 */
export function endpointRequest(
  endpointId: string,
  requestParam?: Record<string, unknown>,
): { Request: { endPointId: string; requestParam?: WireValue } } {
  const Request: { endPointId: string; requestParam?: WireValue } = { endPointId: String(endpointId) };
  if (requestParam !== undefined) Request.requestParam = toWireValue(requestParam) ?? {};
  return { Request };
}

/** The inside of a decoded `Response` envelope. */
export type SftResponse = ResponseEnvelope['Response'];

/** The decoded `Response` of `body`, or `undefined` when `body` is not a `Response` envelope. */
export function decodeEnvelope(body: unknown): SftResponse | undefined {
  const parsed = responseEnvelopeSchema.safeParse(body);
  return parsed.success ? parsed.data.Response : undefined;
}

/** The query string values of a GET, stringified; `undefined` entries are dropped. */
export function toSearchParams(
  query: Record<string, unknown> | undefined,
): Record<string, string> | undefined {
  if (!query) return undefined;
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) out[key] = String(value);
  }
  return out;
}
