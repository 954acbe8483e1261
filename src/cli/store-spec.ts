/**
 * The `--store` / `SFT_STORE` setting: which inventory store the CLI opens.
 *
 * `memory` | `json:PATH` | `sqlite:PATH` | a `postgres://` or `postgresql://` URL; default
 * `sqlite:./sft-inventory.db`. The SQLite and PostgreSQL adapters are loaded only when asked for, so
 * their driver packages are needed only by those who use them.
 *
 * @module
 */
import type { EndpointStore } from '../store/types.js';
import { CliUsageError } from './exit-codes.js';

/** The store used when neither `--store` nor `SFT_STORE` is given. */
export const DEFAULT_STORE_SPEC = 'sqlite:./sft-inventory.db';

/** A parsed `--store` value. */
export type StoreSpec =
  | { kind: 'memory' }
  | { kind: 'json'; path: string }
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string };

/** Parses a `--store` value; throws {@link CliUsageError} naming the accepted forms. */
export function parseStoreSpec(spec: string): StoreSpec {
  const value = spec.trim();
  if (value === 'memory') return { kind: 'memory' };
  if (/^postgres(ql)?:\/\//.test(value)) return { kind: 'postgres', url: value };
  const match = /^(json|sqlite):(.+)$/.exec(value);
  if (match?.[1] === 'json' || match?.[1] === 'sqlite') return { kind: match[1], path: match[2] as string };
  throw new CliUsageError(
    `Unknown store "${describeStoreSpec(value)}": use memory, json:PATH, sqlite:PATH or a postgres:// URL.`,
  );
}

/** The store spec as safe to print: a PostgreSQL URL loses its password. */
export function describeStoreSpec(spec: string | StoreSpec): string {
  if (typeof spec !== 'string') {
    if (spec.kind === 'memory') return 'memory';
    if (spec.kind === 'postgres') return describeStoreSpec(spec.url);
    return `${spec.kind}:${spec.path}`;
  }
  return spec.replace(/^(\w+:\/\/[^:/@]*):[^@/]*@/, '$1:***@');
}

/**
 * Opens the store. The SQLite and PostgreSQL adapters are imported from the package's own subpath
 * exports at run time (`sft-endpoints/stores/sqlite`, `…/postgres`), so the bin never loads a driver
 * it does not use.
 */
export async function openStore(spec: StoreSpec): Promise<EndpointStore> {
  switch (spec.kind) {
    case 'memory': {
      const { memoryStore } = await import('../store/memory.js');
      return memoryStore();
    }
    case 'json': {
      const { jsonFileStore } = (await import('../store/index.js')) as unknown as JsonModule;
      return jsonFileStore(spec.path);
    }
    case 'sqlite': {
      const { sqliteStore } = (await importSubpath('stores/sqlite')) as SqliteModule;
      return sqliteStore(spec.path);
    }
    case 'postgres': {
      const { postgresStore } = (await importSubpath('stores/postgres')) as PostgresModule;
      return postgresStore(spec.url);
    }
  }
}

interface JsonModule {
  jsonFileStore(path: string): EndpointStore;
}
interface SqliteModule {
  sqliteStore(path: string): EndpointStore | Promise<EndpointStore>;
}
interface PostgresModule {
  postgresStore(url: string): EndpointStore | Promise<EndpointStore>;
}

/**
 * Imports `sft-endpoints/<subpath>` through the package's self-reference (its `exports` map), falling
 * back to the TypeScript source when the CLI runs from `src/` (tsx) before a build. The specifier is
 * computed so that neither tsc nor the bundler pulls the driver in.
 */
async function importSubpath(subpath: 'stores/sqlite' | 'stores/postgres'): Promise<unknown> {
  const specifier = `sft-endpoints/${subpath}`;
  try {
    return await import(specifier);
  } catch (error) {
    if (!isModuleNotFound(error, specifier)) throw error;
    const source = subpath === 'stores/sqlite' ? '../store/sqlite.js' : '../store/postgres.js';
    return import(new URL(source, import.meta.url).href);
  }
}

function isModuleNotFound(error: unknown, specifier: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED';
  // Not found: the package itself (not built, or not installed under its name), never its driver.
  return notFound && (message.includes(specifier) || /[\\/]dist[\\/]stores[\\/]/.test(message));
}
