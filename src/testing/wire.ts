/**
 * The simulator's transport-neutral request and answer, and the SFT envelope builders.
 *
 * @module
 */
import type { SimulatedResultCode } from './codes.js';

/** A request as the platform core sees it (built by the msw handlers or the HTTP server). */
export interface SimRequest {
  /** HTTP method, upper case. */
  method: string;
  /** Path below the base URL, e.g. `/api/fetchSIM`. */
  path: string;
  /** Query string parameters. */
  query: URLSearchParams;
  /** Reads a request header (case-insensitive). */
  header(name: string): string | undefined;
  /** The parsed JSON body; `undefined` when there is none. */
  body: unknown;
  /** `true` when a body was sent but is not valid JSON. */
  bodyInvalid?: boolean;
}

/** What a transport must send back. */
export interface SimAnswer {
  /** HTTP status. */
  status: number;
  /** Response headers. */
  headers: Record<string, string>;
  /** JSON body. */
  body: unknown;
  /** Drop the connection instead of answering (the request was applied). */
  drop: boolean;
  /** Wait this many real milliseconds before answering (or dropping). */
  delayMs: number;
}

/** Fields every `Response` envelope carries, filled by the core. */
export interface EnvelopeStamp {
  responseId: string;
  responseTimestamp: string;
}

/** The outcome of an operation handler, before the core stamps and delivers it. */
export interface OperationOutcome {
  /** HTTP status; default 200. */
  status?: number;
  /** `true`: top-level resultCode "0". */
  success: boolean;
  /** `resultParam`. */
  result: SimulatedResultCode | { code: string; description: string };
  /** Extra fields of `Response` (e.g. `endPointId`, `responseParam`, `info`). */
  fields?: Record<string, unknown>;
  /** A flat body sent as is, without the `Response` wrapper (login / RefreshToken). */
  flatBody?: unknown;
}

/** A success outcome. */
export function ok(result: OperationOutcome['result'], fields?: Record<string, unknown>): OperationOutcome {
  return { success: true, result, ...(fields ? { fields } : {}) };
}

/** A failure outcome (top-level resultCode "1"); `detail` is appended to the description. */
export function fail(result: OperationOutcome['result'], detail?: string, status?: number): OperationOutcome {
  const description = detail ? `${result.description}: ${detail}` : result.description;
  return { success: false, result: { code: result.code, description }, ...(status ? { status } : {}) };
}

/** Builds the documented `{ Response: { resultCode, responseId, responseTimestamp, resultParam, … } }`. */
export function envelope(outcome: OperationOutcome, stamp: EnvelopeStamp): unknown {
  return {
    Response: {
      resultCode: outcome.success ? '0' : '1',
      responseId: stamp.responseId,
      responseTimestamp: stamp.responseTimestamp,
      resultParam: { resultCode: outcome.result.code, resultDescription: outcome.result.description },
      ...outcome.fields,
    },
  };
}

/** Formats an instant as SFT's `responseTimestamp`: `dd/mm/yyyy hh:mm:ss` (UTC). */
export function formatResponseTimestamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** A record, or `undefined` when `value` is not a plain object. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Reads a boolean sent as a string (`"true"`/`"false"`, as working clients do) or as a JSON boolean.
 * Returns `undefined` when absent, `'invalid'` when present but not a boolean.
 */
export function readBoolean(value: unknown): boolean | undefined | 'invalid' {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const v = value.trim().toLowerCase();
    if (v === 'true') return true;
    if (v === 'false') return false;
  }
  return 'invalid';
}

/** Reads an id or text sent as a string or a number; `undefined` when absent or empty. */
export function readText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/** Reads a list sent as a JSON array of strings/numbers; `'invalid'` when it is something else. */
export function readTextList(value: unknown): string[] | undefined | 'invalid' {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return 'invalid';
  const out: string[] = [];
  for (const item of value) {
    const text = readText(item);
    if (text === undefined) return 'invalid';
    out.push(text);
  }
  return out;
}

/**
 * A request body as the simulator reads it: blank → no body; JSON → parsed; anything else →
 * `bodyInvalid` (answered as the platform would answer a malformed request).
 */
export function parseRequestBody(text: string): Pick<SimRequest, 'body' | 'bodyInvalid'> {
  if (text.trim() === '') return { body: undefined, bodyInvalid: false };
  try {
    return { body: JSON.parse(text) as unknown, bodyInvalid: false };
  } catch {
    return { body: undefined, bodyInvalid: true };
  }
}
