/**
 * The simulator as a real HTTP server on 127.0.0.1, for the CLI (`sft-endpoints sim`), the demo,
 * benchmarks and non-Node users. Does not import msw.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createSftSimulator,
  type SftSimulator,
  type SftSimulatorOptions,
  type SimulatorCredentials,
} from './simulator.js';
import { parseRequestBody, type SimRequest } from './wire.js';

/** Options of {@link startSftSimulator}: the simulator's options plus where to listen. */
export interface StartSftSimulatorOptions extends SftSimulatorOptions {
  /** TCP port. Default 0 (an ephemeral port; read it from the returned `url`). The CLI uses 4010. */
  port?: number;
  /** Interface to listen on. Default `127.0.0.1` (never expose the simulator by default). */
  host?: string;
  /** Shortcut for `latency.medianMs`: median answer latency in ms. Default 0. */
  latencyMs?: number;
  /** Serve an existing simulator core instead of creating one (the other simulator options are then ignored). */
  simulator?: SftSimulator;
}

/** A running HTTP simulator. */
export interface RunningSftSimulator {
  /** Base URL to give the SDK, e.g. `http://127.0.0.1:4010` (plain http is accepted for loopback hosts). */
  url: string;
  /** The demo Enterprise account's credentials. */
  credentials: SimulatorCredentials;
  /** The simulator core: settings, inspection, counters, admin. */
  sim: SftSimulator;
  /** Stops listening, drops open connections and cancels pending (delayed) answers. */
  close(): Promise<void>;
}

/** Largest accepted request body (bytes); larger bodies are answered 413. */
export const MAX_REQUEST_BODY_BYTES = 1_048_576;

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_REQUEST_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function toSimRequest(req: IncomingMessage, raw: Buffer): SimRequest {
  const url = new URL(req.url ?? '/', 'http://simulator');
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    header: (name) => {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value[0] : value;
    },
    ...parseRequestBody(raw.toString('utf8')),
  };
}

/**
 * Starts the simulator's HTTP server.
 *
 * @example
 * ```ts
 * const { url, credentials, sim, close } = await startSftSimulator({ port: 4010, tps: 2, sims: 500 });
 * const client = createSftClient({ baseUrl: url, credentials, defaults: { roamingProfileId: 'DEFAULT' } });
 * ```
 */
export async function startSftSimulator(
  options: StartSftSimulatorOptions = {},
): Promise<RunningSftSimulator> {
  const { port = 0, host = '127.0.0.1', latencyMs, simulator, ...simOptions } = options;
  const sim =
    simulator ??
    createSftSimulator({
      ...simOptions,
      ...(latencyMs !== undefined ? { latency: { ...simOptions.latency, medianMs: latencyMs } } : {}),
    });
  const pending = new Set<NodeJS.Timeout>();

  const send = (req: IncomingMessage, res: ServerResponse, raw: Buffer | undefined): void => {
    if (raw === undefined) {
      res.writeHead(413, { 'Content-Type': 'application/json' }).end('{"error":"request body too large"}');
      return;
    }
    let answer: ReturnType<SftSimulator['handle']>;
    try {
      answer = sim.handle(toSimRequest(req, raw));
    } catch (error) {
      // A simulator bug must not take the server (and the CLI's `sim`) down: answer 500 and go on.
      const message = error instanceof Error ? error.message : String(error);
      res.writeHead(500, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: message }));
      return;
    }
    const deliver = () => {
      if (answer.drop) {
        req.socket.destroy();
        return;
      }
      const payload = JSON.stringify(answer.body);
      res.writeHead(answer.status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(payload),
        ...answer.headers,
      });
      res.end(payload);
    };
    if (answer.delayMs <= 0) {
      deliver();
      return;
    }
    const timer = setTimeout(() => {
      pending.delete(timer);
      deliver();
    }, answer.delayMs);
    pending.add(timer);
  };

  const server = createServer({ keepAlive: true }, (req, res) => {
    readBody(req).then(
      (raw) => send(req, res, raw),
      () => req.socket.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${hostInUrl}:${address.port}`,
    credentials: { ...sim.credentials },
    sim,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of pending) clearTimeout(timer);
        pending.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
