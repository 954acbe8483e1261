/** Builds core-level requests (no transport) for pure simulator tests. */
import type { SftSimulator } from '../../../src/testing/simulator.js';
import type { SimAnswer, SimRequest } from '../../../src/testing/wire.js';
import { SFT_OPERATIONS, type SftOperationName } from '../../../src/transport/operations.js';

/** A request to `operation` with an optional token, body and query. */
export function request(
  operation: SftOperationName,
  options: { token?: string; body?: unknown; query?: Record<string, string> } = {},
): SimRequest {
  const spec = SFT_OPERATIONS[operation];
  const headers: Record<string, string> = options.token
    ? { 'x-authorization': `Bearer ${options.token}` }
    : {};
  return {
    method: spec.method,
    path: spec.path,
    query: new URLSearchParams(options.query ?? {}),
    header: (name) => headers[name.toLowerCase()],
    body: options.body,
  };
}

/** Logs into `sim` directly and returns the access token. */
export function coreLogin(sim: SftSimulator): string {
  const answer = sim.handle(request('login', { body: sim.credentials }));
  return (answer.body as { AccessToken: string }).AccessToken;
}

/** `Response` of an answer. */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary answer shapes
export function responseOf(answer: SimAnswer): any {
  return (answer.body as { Response: unknown }).Response;
}
