/**
 * The CLI's configuration: global flags, which override environment variables, which override
 * defaults. This module (with `createSftClient`'s documented defaults) is the only place that reads
 * the environment.
 *
 * | flag | environment | default |
 * | --- | --- | --- |
 * | `--base-url` | `SFT_BASE_URL` | `https://sft.bics.com` (the client's default) |
 * | `--username` | `SFT_USERNAME` | none |
 * | `--password` | `SFT_PASSWORD` | none (prefer the variable: flags show in the process list) |
 * | `--store` | `SFT_STORE` | `sqlite:./sft-inventory.db` |
 * | `--roaming-profile-id` | `SFT_ROAMING_PROFILE_ID` | none (*unverified* which create fields SFT requires) |
 * | `--concurrency` | | the client's default |
 * | `--max-tps` | | the client's default (2, then what the platform announces) |
 *
 * @module
 */
import { InvalidArgumentError } from 'commander';
import { registerSecret } from './describe-error.js';
import { CliUsageError } from './exit-codes.js';
import { DEFAULT_STORE_SPEC, parseStoreSpec, type StoreSpec } from './store-spec.js';

/** The global flags as commander parses them. */
export interface GlobalFlags {
  baseUrl?: string;
  username?: string;
  password?: string;
  store?: string;
  roamingProfileId?: string;
  concurrency?: number;
  maxTps?: number;
  json?: boolean;
  verbose?: boolean;
}

/** The resolved configuration of one CLI run. */
export interface CliConfig {
  /** SFT's base URL, or `undefined` for the client's default. */
  baseUrl: string | undefined;
  /** Login user name, when given. */
  username: string | undefined;
  /** Login password, when given (registered as a secret: never printed). */
  password: string | undefined;
  /** The store to open. */
  store: StoreSpec;
  /** The store spec as given (for messages; a URL's password is masked when printed). */
  storeText: string;
  /** Default roaming profile id(s) for creates. */
  roamingProfileId: string | undefined;
  /** Calls in flight at once, when set. */
  concurrency: number | undefined;
  /** Requests per second ceiling, when set. */
  maxTps: number | undefined;
  /** Print machine-readable JSON on stdout. */
  json: boolean;
  /** Print error details. */
  verbose: boolean;
}

/** Resolves the configuration from flags and environment; throws {@link CliUsageError} on a bad value. */
export function resolveConfig(flags: GlobalFlags, env: NodeJS.ProcessEnv = process.env): CliConfig {
  // commander copies a set-but-empty variable (`SFT_PASSWORD=`) into the flag as ''; empty means unset.
  const password = nonEmpty(flags.password) ?? nonEmpty(env.SFT_PASSWORD);
  registerSecret(password);
  const storeText = nonEmpty(flags.store) ?? nonEmpty(env.SFT_STORE) ?? DEFAULT_STORE_SPEC;
  return {
    baseUrl: nonEmpty(flags.baseUrl) ?? nonEmpty(env.SFT_BASE_URL),
    username: nonEmpty(flags.username) ?? nonEmpty(env.SFT_USERNAME),
    password,
    store: parseStoreSpec(storeText),
    storeText,
    roamingProfileId: nonEmpty(flags.roamingProfileId) ?? nonEmpty(env.SFT_ROAMING_PROFILE_ID),
    concurrency: flags.concurrency,
    maxTps: flags.maxTps,
    json: flags.json ?? false,
    verbose: flags.verbose ?? false,
  };
}

/** The credentials, or a {@link CliUsageError} saying how to give them. */
export function requireCredentials(config: CliConfig): { username: string; password: string } {
  const missing = [
    config.username === undefined ? 'SFT_USERNAME (or --username)' : undefined,
    config.password === undefined ? 'SFT_PASSWORD (or --password)' : undefined,
  ].filter((m) => m !== undefined);
  if (missing.length > 0) {
    throw new CliUsageError(`This command talks to SFT: set ${missing.join(' and ')}.`);
  }
  return { username: config.username as string, password: config.password as string };
}

/** commander argument parser for a positive integer (`--concurrency 8`). */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1.');
  return n;
}

/** commander argument parser for a non-negative integer (`--port 0`, `--latency-ms 0`). */
export function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0.');
  return n;
}

/** commander argument parser for a positive number (`--max-tps 0.5`). */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0.');
  return n;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
