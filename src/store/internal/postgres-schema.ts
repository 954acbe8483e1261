/**
 * The PostgreSQL schema of `postgresStore`: one table (tags as `text[]` with a GIN index, ICCIDs
 * in byte order via `COLLATE "C"` so that cursors and ORDER BY agree) and a migrations table.
 * Migrations run once, under an advisory lock, so that many processes may start at once.
 */
import { storeArgumentError } from './errors.js';

/** Quotes an SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** The SQL names derived from the configured table name. */
export interface PostgresNames {
  /** The endpoints table, quoted and schema-qualified when a schema was given. */
  table: string;
  /** The migrations table, same qualification. */
  migrations: string;
  /** The key of the advisory lock held while migrating. */
  lockKey: string;
  /** The bare table name (for index names). */
  bare: string;
}

/**
 * The longest table or schema name: PostgreSQL truncates identifiers to 63 bytes, and the longest
 * derived name, `<table>_endpoint_id_unique`, must stay whole (the adapter recognises a conflict by it).
 */
export const MAX_POSTGRES_IDENTIFIER = 63 - '_endpoint_id_unique'.length;

const PLAIN_IDENTIFIER = new RegExp(`^[A-Za-z_][A-Za-z0-9_]{0,${MAX_POSTGRES_IDENTIFIER - 1}}$`);

/**
 * Names for a table, optionally in a schema. Identifiers are limited to `[A-Za-z_][A-Za-z0-9_]*`
 * of at most {@link MAX_POSTGRES_IDENTIFIER} characters, so nothing a caller passes is ever spliced
 * into SQL unchecked; anything else is an `SftValidationError` naming the option.
 */
export function postgresNames(table: string, schema?: string): PostgresNames {
  const identifiers: [field: string, value: unknown][] = [['table', table]];
  if (schema !== undefined) identifiers.push(['schema', schema]);
  for (const [field, value] of identifiers) {
    if (typeof value !== 'string' || !PLAIN_IDENTIFIER.test(value)) {
      throw storeArgumentError(
        field,
        `must be a plain SQL identifier (a letter or _, then letters, digits or _; at most ${MAX_POSTGRES_IDENTIFIER} characters)`,
      );
    }
  }
  const qualify = (name: string) =>
    schema === undefined ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`;
  return {
    table: qualify(table),
    migrations: qualify(`${table}_migrations`),
    lockKey: `sft-endpoints:${schema ?? ''}.${table}`,
    bare: table,
  };
}

/** Migrations by the version they lead to. */
export function postgresMigrations(names: PostgresNames): Readonly<Record<number, string>> {
  const { table: t, bare } = names;
  const index = (suffix: string) => quoteIdent(`${bare}_${suffix}`);
  return {
    1: `
      CREATE TABLE IF NOT EXISTS ${t} (
        iccid text COLLATE "C" PRIMARY KEY,
        endpoint_id text,
        name text NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        state text NOT NULL,
        job_id text,
        claimed_by text,
        claimed_at timestamptz,
        last_error text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT ${index('endpoint_id_unique')} UNIQUE (endpoint_id)
      );
      CREATE INDEX IF NOT EXISTS ${index('tags')} ON ${t} USING gin (tags);
      CREATE INDEX IF NOT EXISTS ${index('name')} ON ${t} (name);
      CREATE INDEX IF NOT EXISTS ${index('job')} ON ${t} (job_id);
      CREATE INDEX IF NOT EXISTS ${index('pool')} ON ${t} (state, iccid) WHERE claimed_by IS NULL;
    `,
  };
}

/** The latest schema version. */
export const POSTGRES_SCHEMA_VERSION = 1;
