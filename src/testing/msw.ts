/**
 * msw request handlers over a simulated platform, for in-process tests (vitest, jest) of code that
 * calls SFT with `fetch`. Requires the optional peer dependency `msw` (v2).
 *
 * @module
 */
import { delay, HttpResponse, http, type RequestHandler } from 'msw';
import type { SftSimulator } from './simulator.js';
import { parseRequestBody } from './wire.js';

/** Options of {@link sftHandlers}. */
export interface SftHandlersOptions {
  /** The base URL the code under test calls. Default `https://sft.bics.com` (the SDK's default). */
  baseUrl?: string;
}

/**
 * msw handlers answering every `<baseUrl>/api/*` request from `sim`.
 *
 * Latency settings are honoured with real timers (the default latency is 0); a dropped connection
 * becomes `HttpResponse.error()` (fetch rejects with a network error).
 *
 * @example
 * ```ts
 * const sim = createSftSimulator({ tps: 0 });
 * const server = setupServer(...sftHandlers(sim));
 * beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
 * afterAll(() => server.close());
 * ```
 */
export function sftHandlers(sim: SftSimulator, options: SftHandlersOptions = {}): RequestHandler[] {
  const base = new URL(options.baseUrl ?? 'https://sft.bics.com');
  const basePath = base.pathname.replace(/\/+$/, '');
  return [
    http.all(`${base.origin}${basePath}/api/*`, async ({ request }) => {
      const url = new URL(request.url);
      const answer = sim.handle({
        method: request.method,
        path: url.pathname.slice(basePath.length),
        query: url.searchParams,
        header: (name) => request.headers.get(name) ?? undefined,
        ...parseRequestBody(await request.text()),
      });
      if (answer.delayMs > 0) await delay(answer.delayMs);
      if (answer.drop) return HttpResponse.error();
      return HttpResponse.json(answer.body as Record<string, unknown>, {
        status: answer.status,
        headers: answer.headers,
      });
    }),
  ];
}
