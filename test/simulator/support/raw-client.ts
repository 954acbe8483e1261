/**
 * A deliberately dumb SFT caller for simulator tests: sends exactly the request it is given (no
 * retries, no refresh), so tests see the simulator's raw answers.
 */
import { SFT_OPERATIONS, type SftOperationName } from '../../../src/transport/operations.js';

/** A raw answer. */
export interface RawAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary answer shapes
  body: any;
}

/** Options of one call. */
export interface RawCall {
  token?: string;
  body?: unknown;
  query?: Record<string, string | number>;
}

/** Sends one operation to `baseUrl` and reads the JSON answer. */
export async function call(
  baseUrl: string,
  operation: SftOperationName,
  options: RawCall = {},
): Promise<RawAnswer> {
  const spec = SFT_OPERATIONS[operation];
  const url = new URL(`${baseUrl}${spec.path}`);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { 'X-Requested-With': 'XMLHttpRequest' };
  if (options.token) headers['X-Authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url, {
    method: spec.method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

/** Logs in and returns the access token (throws when login fails). */
export async function login(
  baseUrl: string,
  credentials: { username: string; password: string; targetAccountId?: string },
): Promise<{ access: string; refresh: string }> {
  const answer = await call(baseUrl, 'login', { body: credentials });
  if (!answer.body?.AccessToken) throw new Error(`login failed: ${JSON.stringify(answer.body)}`);
  return { access: answer.body.AccessToken, refresh: answer.body.RefreshToken };
}

/** `{ Request: { requestParam } }`. */
export function createBody(param: Record<string, unknown>) {
  return { Request: { requestParam: { roamingProfileId: '3017', ...param } } };
}

/** `{ Request: { endPointId, requestParam? } }`. */
export function scoped(endPointId: string, requestParam?: Record<string, unknown>) {
  return { Request: { endPointId, ...(requestParam ? { requestParam } : {}) } };
}

/** The payload of a JWT-shaped token. */
export function jwtPayload(token: string): { exp: number; iat: number; typ: string } {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}
