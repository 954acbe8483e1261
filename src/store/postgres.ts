/**
 * `postgresStore`: the store for services running on several hosts, published as
 * `sft-endpoints/stores/postgres` so that the main entry never loads `pg`.
 *
 * @module
 */
import { SftError, SftStoreError } from '../errors.js';
import type { EndpointState } from '../types.js';
import { type CountRow, countEndpointRows } from './internal/count-rows.js';
import { closedStoreError, emptyPoolError, endpointIdConflictError } from './internal/errors.js';
import { filterStates } from './internal/filter.js';
import { loadOptionalDriver } from './internal/load-driver.js';
import { applyUpsert, checkState, checkTagList, collapseByIccid, uniqueTags } from './internal/merge.js';
import { decodeCursor, encodeCursor, pageLimit } from './internal/paging.js';
import {
  POSTGRES_SCHEMA_VERSION,
  type PostgresNames,
  postgresMigrations,
  postgresNames,
} from './internal/postgres-schema.js';
import type { EndpointFilter, EndpointStore, EndpointUpsert, StoredEndpoint } from './types.js';

export type { EndpointStore } from './types.js';

/** What the store needs of a query result (a subset of pg's `QueryResult`). */
export interface PgQueryResult {
  /** The rows, as objects keyed by column name. */
  rows: Record<string, unknown>[];
  /** How many rows the statement touched. */
  rowCount: number | null;
}

/** A connection checked out of a pool (a subset of pg's `PoolClient`). */
export interface PgClientLike {
  /** Runs one statement with `$1…` parameters. */
  query(text: string, values?: unknown[]): Promise<PgQueryResult>;
  /** Returns the connection to its pool. */
  release(error?: Error | boolean): void;
}

/** A connection pool (a subset of pg's `Pool`): pass your own to share it with the rest of your service. */
export interface PgPoolLike {
  /** Runs one statement on any connection. */
  query(text: string, values?: unknown[]): Promise<PgQueryResult>;
  /** Checks a connection out, for transactions. */
  connect(): Promise<PgClientLike>;
  /** Closes every connection. */
  end(): Promise<void>;
}

/** Options of {@link postgresStore}. */
export interface PostgresStoreOptions {
  /**
   * The endpoints table (created on first use). Default `'sft_endpoints'`. A plain identifier:
   * a letter or `_`, then letters, digits or `_`, at most 44 characters (else `SftValidationError`).
   */
  table?: string;
  /** The schema holding it (must exist; same rules as `table`). Default: the connection's `search_path`. */
  schema?: string;
  /** Connections of the pool created from a URL. Default 10. Ignored when you pass a pool. */
  poolSize?: number;
  /**
   * How long `claim` keeps retrying, in ms, while every matching unclaimed endpoint is locked by
   * other transactions (a long-running writer), before it rejects with `SftStoreError` reason
   * `'unavailable'`. Default 30 000.
   */
  claimWaitMs?: number;
}

/**
 * A store in a PostgreSQL table, for many processes on many hosts (driver `pg` 8, an optional
 * peer dependency: `npm install pg`).
 *
 * - Pass a connection URL (the store creates a pool and ends it on `close()`), or your own
 *   `pg.Pool` (the store never ends it).
 * - The table is created, or migrated, on first use, under an advisory lock.
 * - `claim` is one `UPDATE … WHERE iccid = (SELECT … FOR UPDATE SKIP LOCKED)`: any number of
 *   claimers on any number of hosts each get a different endpoint, without waiting on each other.
 * - `upsertMany` is one transaction with set-based statements (rows locked in ICCID order, so
 *   concurrent batches never deadlock on each other).
 *
 * Throws `SftStoreError` reason `'driver-missing'` at once when given a URL and `pg` is not installed.
 */
export function postgresStore(
  poolOrUrl: PgPoolLike | string,
  options: PostgresStoreOptions = {},
): EndpointStore {
  const names = postgresNames(options.table ?? 'sft_endpoints', options.schema);
  const ownsPool = typeof poolOrUrl === 'string';
  const pool = typeof poolOrUrl === 'string' ? createPool(poolOrUrl, options.poolSize ?? 10) : poolOrUrl;
  const sql = statements(names);
  let ready: Promise<void> | undefined;
  let closed = false;

  const run = async <T>(operation: string, body: () => Promise<T>): Promise<T> => {
    if (closed) throw closedStoreError(operation);
    try {
      ready ??= migrate(pool, names).catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
      await ready;
      return await body();
    } catch (error) {
      throw toStoreError(error, operation);
    }
  };
  const rows = async (text: string, values: unknown[]) => (await pool.query(text, values)).rows;

  const upsertMany = (records: readonly EndpointUpsert[]): Promise<StoredEndpoint[]> => {
    const upserts = collapseByIccid(records).sort((a, b) => compare(a.iccid, b.iccid));
    if (upserts.length === 0) return Promise.resolve([]);
    const rowOf = new Map<string, number>();
    records.forEach((r, row) => {
      if (!rowOf.has(r.iccid)) rowOf.set(r.iccid, row);
    });
    return withTransaction(pool, async (client) => {
      const now = new Date();
      const iccids = upserts.map((u) => u.iccid);
      const existing = new Map(
        (await client.query(sql.lockByIccids, [iccids])).rows.map((r) => [r.iccid as string, toRecord(r)]),
      );
      const merged = upserts.map((u) => applyUpsert(existing.get(u.iccid), u, now, rowOf.get(u.iccid)));
      await checkEndpointIdsFree(client, sql, merged);
      // Endpoint ids leaving their ICCID are let go first, so that the batch may hand them to another
      // of its ICCIDs (or swap them): the unique constraint is checked row by row, not at commit.
      const leaving = merged.filter((r) => {
        const previousId = existing.get(r.iccid)?.endpointId;
        return previousId !== undefined && previousId !== r.endpointId;
      });
      if (leaving.length > 0) await client.query(sql.releaseEndpointIds, [leaving.map((r) => r.iccid)]);
      const inserts = merged.filter((r) => !existing.has(r.iccid));
      const updates = merged.filter((r) => existing.has(r.iccid));
      if (inserts.length > 0) {
        const inserted = await client.query(sql.insertMany, [JSON.stringify(inserts.map(toJsonRow))]);
        // Another transaction inserted one of these ICCIDs since we looked: start over, now it exists.
        if (inserted.rowCount !== inserts.length) throw new RetryTransaction();
      }
      if (updates.length > 0) await client.query(sql.updateMany, [JSON.stringify(updates.map(toJsonRow))]);
      return merged;
    });
  };

  return {
    getByIccid: (iccid) => run('getByIccid', async () => toOptional((await rows(sql.byIccid, [iccid]))[0])),
    getByEndpointId: (endpointId) =>
      run('getByEndpointId', async () => toOptional((await rows(sql.byEndpointId, [endpointId]))[0])),
    findByName: (name) => run('findByName', async () => (await rows(sql.byName, [name])).map(toRecord)),
    upsert: (record) => run('upsert', async () => (await upsertMany([record]))[0]!),
    upsertMany: (records) =>
      run('upsertMany', async () => {
        await upsertMany(records);
      }),
    list: (filter = {}, listOptions) =>
      run('list', async () => {
        const limit = pageLimit(listOptions);
        const after = decodeCursor(listOptions?.cursor);
        const where = whereClause(filter);
        if (after !== undefined) where.add((n) => `e.iccid > ${n}`, after);
        const found = await rows(
          `SELECT e.* FROM ${names.table} e ${where.sql()} ORDER BY e.iccid LIMIT ${where.next()}`,
          [...where.values, limit + 1],
        );
        const items = found.slice(0, limit).map(toRecord);
        return found.length > limit
          ? { items, nextCursor: encodeCursor(items[limit - 1]!.iccid) }
          : { items };
      }),
    addTags: (iccids, tags) =>
      run('addTags', async () => {
        checkTagList(tags);
        return (await pool.query(sql.addTags, [[...iccids], uniqueTags(tags), new Date()])).rowCount ?? 0;
      }),
    removeTags: (iccids, tags) =>
      run('removeTags', async () => {
        checkTagList(tags);
        return (await pool.query(sql.removeTags, [[...iccids], uniqueTags(tags), new Date()])).rowCount ?? 0;
      }),
    transition: (iccid, state, transitionOptions = {}) =>
      run('transition', async () => {
        checkState(state);
        const from = filterStates({ state: transitionOptions.from });
        const { endpointId, lastError } = transitionOptions;
        if (endpointId !== undefined) {
          const owner = (await rows(sql.byEndpointId, [endpointId]))[0]?.iccid;
          if (owner !== undefined && owner !== iccid) throw endpointIdConflictError(endpointId);
        }
        try {
          const found = await rows(sql.transition, [
            iccid,
            state,
            endpointId !== undefined,
            endpointId ?? null,
            lastError !== undefined,
            lastError ?? null,
            new Date(),
            from === undefined ? null : [...from],
          ]);
          return toOptional(found[0]);
        } catch (error) {
          if (isEndpointIdViolation(error) && endpointId !== undefined)
            throw endpointIdConflictError(endpointId, error);
          throw error;
        }
      }),
    claim: (criteria, claimant) =>
      run('claim', async () => {
        const state = criteria.state ?? 'pre-active';
        const tag = criteria.tag ?? null;
        const giveUpAt = Date.now() + (options.claimWaitMs ?? 30_000);
        for (let attempt = 0; ; attempt++) {
          const claimed = await rows(sql.claim, [claimant, new Date(), state, tag]);
          if (claimed[0] !== undefined) return toRecord(claimed[0]);
          // SKIP LOCKED skipped rows that other transactions hold; only an empty pool is final.
          const left = await rows(sql.anyUnclaimed, [state, tag]);
          if (left[0]?.exists !== true) throw emptyPoolError(criteria);
          if (Date.now() >= giveUpAt) {
            throw new SftStoreError(
              'Every unclaimed endpoint matching the claim stayed locked by other transactions; nothing was claimed. Retry later.',
              { reason: 'unavailable', operation: 'claim' },
            );
          }
          // Those rows are locked (being claimed or written elsewhere): wait for their transactions, briefly.
          await new Promise((resolve) => setTimeout(resolve, Math.min(50, 2 ** attempt)));
        }
      }),
    release: (iccid, claimant) =>
      run(
        'release',
        async () =>
          ((await pool.query(sql.release, [iccid, claimant ?? null, new Date()])).rowCount ?? 0) > 0,
      ),
    counts: (filter = {}) =>
      run('counts', async () => {
        const where = whereClause(filter);
        const found = await rows(
          `SELECT u.tag AS tag, e.state AS state, (e.claimed_by IS NOT NULL) AS claimed, count(*)::int AS count
           FROM ${names.table} e LEFT JOIN LATERAL unnest(e.tags) AS u(tag) ON true ${where.sql()}
           GROUP BY 1, 2, 3`,
          where.values,
        );
        return countEndpointRows(found as unknown as CountRow[]);
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      if (ownsPool) await pool.end();
    },
  };

  function whereClause(filter: EndpointFilter) {
    const conditions: string[] = [];
    const values: unknown[] = [];
    const next = () => `$${values.length + 1}`;
    const add = (condition: (placeholder: string) => string, value: unknown) => {
      conditions.push(condition(next()));
      values.push(value);
    };
    const states = filterStates(filter);
    if (states !== undefined) add((n) => `e.state = ANY(${n}::text[])`, [...states]);
    if (filter.tag !== undefined) add((n) => `e.tags @> ARRAY[${n}::text]`, filter.tag);
    if (filter.jobId !== undefined) add((n) => `e.job_id = ${n}`, filter.jobId);
    if (filter.name !== undefined) add((n) => `e.name = ${n}`, filter.name);
    if (filter.claimed !== undefined)
      conditions.push(`e.claimed_by IS ${filter.claimed ? 'NOT NULL' : 'NULL'}`);
    return {
      values,
      add,
      next,
      sql: () => (conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`),
    };
  }
}

/** The SQL text of every fixed statement, for one table. */
function statements(names: PostgresNames) {
  const t = names.table;
  const recordset = `jsonb_to_recordset($1::jsonb) AS x(iccid text, endpoint_id text, name text, tags jsonb,
    state text, job_id text, claimed_by text, claimed_at timestamptz, last_error text,
    created_at timestamptz, updated_at timestamptz)`;
  const tagsOf = `ARRAY(SELECT v FROM jsonb_array_elements_text(x.tags) WITH ORDINALITY AS a(v, n) ORDER BY n)`;
  const tagged = `($4::text IS NULL OR tags @> ARRAY[$4::text])`;
  return {
    byIccid: `SELECT * FROM ${t} WHERE iccid = $1`,
    byEndpointId: `SELECT * FROM ${t} WHERE endpoint_id = $1`,
    byName: `SELECT * FROM ${t} WHERE name = $1 ORDER BY iccid`,
    lockByIccids: `SELECT * FROM ${t} WHERE iccid = ANY($1::text[]) ORDER BY iccid FOR UPDATE`,
    ownersOfEndpointIds: `SELECT iccid, endpoint_id FROM ${t} WHERE endpoint_id = ANY($1::text[])`,
    releaseEndpointIds: `UPDATE ${t} SET endpoint_id = NULL WHERE iccid = ANY($1::text[])`,
    insertMany: `INSERT INTO ${t}
        (iccid, endpoint_id, name, tags, state, job_id, claimed_by, claimed_at, last_error, created_at, updated_at)
      SELECT x.iccid, x.endpoint_id, x.name, ${tagsOf}, x.state, x.job_id, x.claimed_by, x.claimed_at,
        x.last_error, x.created_at, x.updated_at
      FROM ${recordset} ORDER BY x.iccid
      ON CONFLICT (iccid) DO NOTHING`,
    updateMany: `UPDATE ${t} AS e SET endpoint_id = x.endpoint_id, name = x.name, tags = ${tagsOf}, state = x.state,
        job_id = x.job_id, claimed_by = x.claimed_by, claimed_at = x.claimed_at, last_error = x.last_error,
        updated_at = x.updated_at
      FROM ${recordset} WHERE e.iccid = x.iccid`,
    addTags: `UPDATE ${t} AS e
      SET tags = e.tags || ARRAY(SELECT v FROM unnest($2::text[]) WITH ORDINALITY AS a(v, n)
                                 WHERE NOT v = ANY(e.tags) ORDER BY n),
          updated_at = $3
      WHERE e.iccid = ANY($1::text[]) AND NOT e.tags @> $2::text[]`,
    removeTags: `UPDATE ${t} AS e
      SET tags = ARRAY(SELECT v FROM unnest(e.tags) WITH ORDINALITY AS a(v, n)
                       WHERE NOT v = ANY($2::text[]) ORDER BY n),
          updated_at = $3
      WHERE e.iccid = ANY($1::text[]) AND e.tags && $2::text[]`,
    transition: `UPDATE ${t} SET state = $2,
        endpoint_id = CASE WHEN $3::boolean THEN $4::text ELSE endpoint_id END,
        last_error = CASE WHEN $5::boolean THEN $6::text ELSE last_error END,
        updated_at = $7
      WHERE iccid = $1 AND ($8::text[] IS NULL OR state = ANY($8::text[]))
      RETURNING *`,
    claim: `UPDATE ${t} SET claimed_by = $1, claimed_at = $2, updated_at = $2
      WHERE iccid = (SELECT iccid FROM ${t} WHERE claimed_by IS NULL AND state = $3 AND ${tagged}
                     ORDER BY iccid LIMIT 1 FOR UPDATE SKIP LOCKED)
      RETURNING *`,
    anyUnclaimed: `SELECT EXISTS (SELECT 1 FROM ${t} WHERE claimed_by IS NULL AND state = $1
      AND ($2::text IS NULL OR tags @> ARRAY[$2::text])) AS exists`,
    release: `UPDATE ${t} SET claimed_by = NULL, claimed_at = NULL, updated_at = $3
      WHERE iccid = $1 AND claimed_by IS NOT NULL AND ($2::text IS NULL OR claimed_by = $2::text)`,
  };
}

type Statements = ReturnType<typeof statements>;

async function checkEndpointIdsFree(
  client: PgClientLike,
  sql: Statements,
  merged: StoredEndpoint[],
): Promise<void> {
  const wanted = merged.filter((r) => r.endpointId !== undefined);
  if (wanted.length === 0) return;
  const owners = new Map<string, string>();
  for (const row of (await client.query(sql.ownersOfEndpointIds, [wanted.map((r) => r.endpointId)])).rows) {
    owners.set(row.endpoint_id as string, row.iccid as string);
  }
  const rewritten = new Map(merged.map((r) => [r.iccid, r.endpointId]));
  const claimedInBatch = new Map<string, string>();
  for (const record of wanted) {
    const id = record.endpointId!;
    const owner = owners.get(id);
    const ownerKeepsIt =
      owner !== undefined && owner !== record.iccid && (!rewritten.has(owner) || rewritten.get(owner) === id);
    const twiceInBatch = claimedInBatch.has(id) && claimedInBatch.get(id) !== record.iccid;
    if (ownerKeepsIt || twiceInBatch) throw endpointIdConflictError(id);
    claimedInBatch.set(id, record.iccid);
  }
}

/** Thrown inside a transaction to roll it back and run it again. */
class RetryTransaction extends Error {}

const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

/** Runs `body` in a transaction, again (up to 20 times) after a deadlock, a serialization failure or a lost insert race. */
async function withTransaction<T>(pool: PgPoolLike, body: (client: PgClientLike) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await body(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      const retryable =
        error instanceof RetryTransaction || RETRYABLE_SQLSTATES.has((error as { code?: string }).code ?? '');
      if (!retryable || attempt >= 20)
        throw error instanceof RetryTransaction ? new Error('insert race') : error;
    } finally {
      client.release(broken);
    }
  }
}

async function migrate(pool: PgPoolLike, names: PostgresNames): Promise<void> {
  await withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [names.lockKey]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${names.migrations} (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const applied = await client.query(
      `SELECT coalesce(max(version), 0) AS version FROM ${names.migrations}`,
    );
    const version = Number(applied.rows[0]?.version ?? 0);
    if (version > POSTGRES_SCHEMA_VERSION) {
      throw new SftStoreError(
        `The table ${names.table} was migrated by a newer sft-endpoints (schema ${version}); upgrade sft-endpoints.`,
        { reason: 'corrupt', operation: 'postgresStore' },
      );
    }
    const migrations = postgresMigrations(names);
    for (let next = version + 1; next <= POSTGRES_SCHEMA_VERSION; next++) {
      await client.query(migrations[next]!);
      await client.query(`INSERT INTO ${names.migrations} (version) VALUES ($1)`, [next]);
    }
  });
}

function createPool(url: string, max: number): PgPoolLike {
  const pg = loadOptionalDriver<{
    Pool: new (config: object) => PgPoolLike & { on(e: string, f: () => void): void };
  }>('pg', 'postgresStore');
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function toJsonRow(record: StoredEndpoint): Record<string, unknown> {
  return {
    iccid: record.iccid,
    endpoint_id: record.endpointId ?? null,
    name: record.name,
    tags: record.tags,
    state: record.state,
    job_id: record.jobId ?? null,
    claimed_by: record.claimedBy ?? null,
    claimed_at: record.claimedAt?.toISOString() ?? null,
    last_error: record.lastError ?? null,
    created_at: record.createdAt.toISOString(),
    updated_at: record.updatedAt.toISOString(),
  };
}

function toOptional(row: Record<string, unknown> | undefined): StoredEndpoint | undefined {
  return row === undefined ? undefined : toRecord(row);
}

function toRecord(row: Record<string, unknown>): StoredEndpoint {
  const record: StoredEndpoint = {
    iccid: row.iccid as string,
    name: row.name as string,
    tags: row.tags as string[],
    state: row.state as EndpointState,
    createdAt: asDate(row.created_at),
    updatedAt: asDate(row.updated_at),
  };
  if (row.endpoint_id !== null) record.endpointId = row.endpoint_id as string;
  if (row.job_id !== null) record.jobId = row.job_id as string;
  if (row.claimed_by !== null) record.claimedBy = row.claimed_by as string;
  if (row.claimed_at !== null) record.claimedAt = asDate(row.claimed_at);
  if (row.last_error !== null) record.lastError = row.last_error as string;
  return record;
}

function asDate(value: unknown): Date {
  return value instanceof Date ? value : new Date(value as string);
}

function isEndpointIdViolation(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string };
  return e.code === '23505' && (e.constraint ?? '').endsWith('endpoint_id_unique');
}

/** SDK errors pass through; driver errors become `SftStoreError`s with a reason to branch on. */
function toStoreError(error: unknown, operation: string): SftError {
  if (error instanceof SftError) return error;
  if (isEndpointIdViolation(error)) return endpointIdConflictError('(from this write)', error);
  const message = (error as Error).message ?? String(error);
  return new SftStoreError(`The PostgreSQL store failed during ${operation}: ${message}`, {
    reason: 'unavailable',
    operation,
    cause: error,
  });
}
