/**
 * The PostgreSQL schema of `postgresStore`: one table (tags as `text[]` with a GIN index, ICCIDs
 * in byte order via `COLLATE "C"` so that cursors and ORDER BY agree) and a migrations table.
 * Migrations run once, under an advisory lock, so that many processes may start at once.
 */

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

/** Names for a table, optionally in a schema. Identifiers are limited to `[A-Za-z_][A-Za-z0-9_]*`. */
export function postgresNames(table: string, schema?: string): PostgresNames {
  for (const identifier of [table, ...(schema === undefined ? [] : [schema])]) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,47}$/.test(identifier)) {
      throw new TypeError(`"${identifier}" is not a plain SQL identifier (letters, digits, _; at most 48)`);
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
