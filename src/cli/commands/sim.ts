/**
 * `sft-endpoints sim [--port 4010] [--tps N] [--sims N] [--latency-ms N] [--seed N] [--csv FILE] …`:
 * runs the local SFT simulator over HTTP until Ctrl-C / SIGTERM, and prints its base URL, the demo
 * credentials and how to point the SDK and the CLI at it. With `--json`, one JSON line
 * `{url, username, password, roamingProfileId, sims, csv?}` instead (for scripts and tests).
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { type StartSftSimulatorOptions, startSftSimulator } from '../../testing/server.js';
import type { CliConfig } from '../config.js';
import { nonNegativeInteger, positiveInteger } from '../config.js';
import { CliUsageError, ExitCode } from '../exit-codes.js';
import { printJson, printLine } from '../output.js';
import type { ActionRunner } from '../run-action.js';

/** The roaming profile id the CLI suggests against the simulator (which accepts any id). */
export const SIMULATOR_ROAMING_PROFILE_ID = 'DEFAULT';

/** Flags of `sim`. */
export interface SimFlags {
  port: number;
  host: string;
  tps: number;
  sims: number;
  latencyMs?: number;
  seed: number;
  csv?: string;
  serverErrorRate?: number;
  lostAfterCommitRate?: number;
  dropAfterCommitRate?: number;
  accessTokenTtl?: number;
}

function rate(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new InvalidArgumentError('expected a rate between 0 and 1.');
  return n;
}

/** Registers `sim` on `program`. */
export function registerSim(program: Command, run: ActionRunner): void {
  program
    .command('sim')
    .description('run the local SFT simulator over HTTP (for trying the SDK and CLI without a real account)')
    .option('--port <port>', 'TCP port (0: any free port)', nonNegativeInteger, 4010)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--tps <n>', 'rate limit per account, requests per second (0: off)', nonNegativeInteger, 2)
    .option('--sims <n>', 'SIMs in the inventory', positiveInteger, 1000)
    .option('--latency-ms <ms>', 'median answer latency', nonNegativeInteger)
    .option('--seed <n>', 'seed of the inventory, latencies and faults', nonNegativeInteger, 1)
    .option('--csv <file>', 'write the SIM inventory as CSV (iccid,name) for `provision --input`')
    .option('--server-error-rate <r>', 'share of requests answered 5xx before any change (0-1)', rate)
    .option(
      '--lost-after-commit-rate <r>',
      'share of writes applied, then answered with the 10240 timeout (0-1)',
      rate,
    )
    .option(
      '--drop-after-commit-rate <r>',
      'share of writes applied, then the connection dropped (0-1)',
      rate,
    )
    .option('--access-token-ttl <s>', 'access token lifetime in seconds', positiveInteger)
    .action(run(simCommand));
}

/** The simulator options for `sim`'s flags. Pure. */
export function simulatorOptions(flags: SimFlags): StartSftSimulatorOptions {
  const faults = {
    ...(flags.serverErrorRate === undefined ? {} : { serverError: flags.serverErrorRate }),
    ...(flags.lostAfterCommitRate === undefined ? {} : { lostAfterCommit: flags.lostAfterCommitRate }),
    ...(flags.dropAfterCommitRate === undefined ? {} : { dropAfterCommit: flags.dropAfterCommitRate }),
  };
  return {
    port: flags.port,
    host: flags.host,
    tps: flags.tps,
    sims: flags.sims,
    seed: flags.seed,
    ...(flags.latencyMs === undefined ? {} : { latencyMs: flags.latencyMs }),
    ...(Object.keys(faults).length === 0 ? {} : { faults }),
    ...(flags.accessTokenTtl === undefined ? {} : { accessTokenTtlSeconds: flags.accessTokenTtl }),
  };
}

/**
 * The `--max-tps` to suggest for a simulator limited to `tps` requests/s: the client starts at 2/s, so
 * a faster simulator needs it said (`0`, no limit, gets 100). Pure.
 */
export function provisionPace(tps: number): string {
  if (tps === 2) return '';
  return ` --max-tps ${tps === 0 ? 100 : tps}`;
}

/** Runs `sim` until Ctrl-C / SIGTERM. */
export async function simCommand(config: CliConfig, flags: SimFlags): Promise<number> {
  const running = await startSftSimulator(simulatorOptions(flags)).catch((error: unknown) => {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new CliUsageError(
        `Cannot listen on ${flags.host}:${flags.port} (${code}): pass another --port, or --port 0 for any free one.`,
        { cause: error },
      );
    }
    throw error;
  });
  if (flags.csv !== undefined) await writeFile(flags.csv, running.sim.inventoryCsv());
  const { url, credentials } = running;
  if (config.json) {
    printJson({
      url,
      username: credentials.username,
      password: credentials.password,
      roamingProfileId: SIMULATOR_ROAMING_PROFILE_ID,
      sims: flags.sims,
      ...(flags.csv === undefined ? {} : { csv: flags.csv }),
    });
  } else {
    printLine(
      `SFT simulator listening on ${url}  (${flags.sims} SIMs, ${flags.tps || 'no'} TPS limit, seed ${flags.seed})`,
    );
    printLine(`Demo Enterprise account: ${credentials.username} / ${credentials.password}  (simulator only)`);
    if (flags.csv !== undefined) printLine(`SIM inventory written to ${flags.csv}`);
    printLine('');
    printLine('Point the CLI at it (another terminal):');
    printLine(
      `  export SFT_BASE_URL=${url} SFT_USERNAME=${credentials.username} SFT_PASSWORD=${credentials.password}`,
    );
    printLine(`  export SFT_ROAMING_PROFILE_ID=${SIMULATOR_ROAMING_PROFILE_ID}`);
    printLine(
      `  sft-endpoints provision --input ${flags.csv ?? 'sims.csv'} --tag batch-1${provisionPace(flags.tps)}`,
    );
    printLine('Or the SDK:');
    printLine(
      `  createSftClient({ baseUrl: '${url}', credentials: { username: '${credentials.username}', password: '${credentials.password}' }, defaults: { roamingProfileId: '${SIMULATOR_ROAMING_PROFILE_ID}' } })`,
    );
    printLine('');
    printLine('Ctrl-C to stop.');
  }
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await running.close();
  if (!config.json) printLine('Simulator stopped.');
  return ExitCode.ok;
}
