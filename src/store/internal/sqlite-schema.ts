/**
 * The SQLite schema of `sqliteStore`, versioned with `PRAGMA user_version`. Tags live twice: as a
 * JSON array on the endpoint row (their order) and one row per tag in `sft_endpoint_tags` (indexed
 * lookups for filters and claims). Times are milliseconds since the epoch.
 */
export const SQLITE_SCHEMA_VERSION = 1;

/** Migrations by the version they lead to; each runs in one transaction. */
export const SQLITE_MIGRATIONS: Readonly<Record<number, string>> = {
  1: `
    CREATE TABLE IF NOT EXISTS sft_endpoints (
      iccid TEXT PRIMARY KEY NOT NULL,
      endpoint_id TEXT UNIQUE,
      name TEXT NOT NULL,
      tags TEXT NOT NULL DEFAULT '[]',
      state TEXT NOT NULL,
      job_id TEXT,
      claimed_by TEXT,
      claimed_at INTEGER,
      last_error TEXT,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS sft_endpoint_tags (
      tag TEXT NOT NULL,
      iccid TEXT NOT NULL,
      PRIMARY KEY (tag, iccid)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS sft_endpoint_tags_by_iccid ON sft_endpoint_tags (iccid);
    CREATE INDEX IF NOT EXISTS sft_endpoints_by_name ON sft_endpoints (name);
    CREATE INDEX IF NOT EXISTS sft_endpoints_by_job ON sft_endpoints (job_id);
    CREATE INDEX IF NOT EXISTS sft_endpoints_pool ON sft_endpoints (state, iccid) WHERE claimed_by IS NULL;
  `,
};
