/**
 * `sqliteStore`: the embedded store for scripts and the CLI, published as
 * `sft-endpoints/stores/sqlite` so that the main entry never loads `better-sqlite3`.
 *
 * @module
 */
import type BetterSqlite3 from 'better-sqlite3';
import { SftError, SftStoreError } from '../errors.js';
import type { EndpointState } from '../types.js';
import { type CountRow, countEndpointRows } from './internal/count-rows.js';
import { closedStoreError, emptyPoolError, endpointIdConflictError } from './internal/errors.js';
import { filterStates } from './internal/filter.js';
import { loadOptionalDriver } from './internal/load-driver.js';
import { applyTransition, applyUpsert, checkTagList, collapseByIccid, uniqueTags } from './internal/merge.js';
import { decodeCursor, encodeCursor, pageLimit } from './internal/paging.js';
import { SQLITE_MIGRATIONS, SQLITE_SCHEMA_VERSION } from './internal/sqlite-schema.js';
import type {
  EndpointFilter,
  EndpointStore,
  EndpointUpsert,
  StoredEndpoint,
  TransitionOptions,
} from './types.js';

export type { EndpointStore } from './types.js';

/** Options of {@link sqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * How long a write waits for another process's write to finish before failing, in ms
   * (SQLite `busy_timeout`). Default 10 000.
   */
  busyTimeoutMs?: number;
}

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement;

interface Row {
  iccid: string;
  endpoint_id: string | null;
  name: string;
  tags: string;
  state: EndpointState;
  job_id: string | null;
  claimed_by: string | null;
  claimed_at: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

/**
 * A store in one SQLite file (better-sqlite3 12, an optional peer dependency: `npm install
 * better-sqlite3`). The right default for the CLI and scripts on one host.
 *
 * - WAL journal and `synchronous=NORMAL`: readers never block the writer; a committed change
 *   survives a process crash (a power cut may lose the last few transactions).
 * - Several processes on one host may share the file: every write is an `IMMEDIATE` transaction,
 *   so `claim` hands an endpoint to exactly one of them. Not for network file systems; use
 *   `postgresStore` across hosts.
 * - `upsertMany` writes its batch in one transaction (all or nothing), with prepared statements.
 * - The schema is created (or migrated) on first use; `":memory:"` gives a private in-memory database.
 *
 * Throws `SftStoreError` reason `'driver-missing'` at once when better-sqlite3 is not installed.
 */
export function sqliteStore(path: string, options: SqliteStoreOptions = {}): EndpointStore {
  const Driver = loadOptionalDriver<typeof BetterSqlite3>('better-sqlite3', 'sqliteStore');
  let db: Database | undefined;
  let statements: Statements | undefined;
  let closed = false;

  const open = (operation: string): Statements => {
    if (closed) throw closedStoreError(operation);
    if (statements !== undefined) return statements;
    try {
      db = new Driver(path, { timeout: options.busyTimeoutMs ?? 10_000 });
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db, path);
      statements = prepareStatements(db);
      return statements;
    } catch (error) {
      db?.close();
      db = undefined;
      throw toStoreError(error, operation, path);
    }
  };
  const run = async <T>(operation: string, body: (s: Statements) => T): Promise<T> => {
    const s = open(operation);
    try {
      return body(s);
    } catch (error) {
      throw toStoreError(error, operation, path);
    }
  };

  return {
    getByIccid: (iccid) => run('getByIccid', (s) => toRecord(s.byIccid.get(iccid) as Row | undefined)),
    getByEndpointId: (endpointId) =>
      run('getByEndpointId', (s) => toRecord(s.byEndpointId.get(endpointId) as Row | undefined)),
    findByName: (name) => run('findByName', (s) => (s.byName.all(name) as Row[]).map((r) => toRecord(r)!)),
    upsert: (record) => run('upsert', (s) => s.upsertMany.immediate([record])[0]!),
    upsertMany: (records) =>
      run('upsertMany', (s) => {
        s.upsertMany.immediate(records);
      }),
    list: (filter = {}, listOptions) =>
      run('list', (s) => {
        const limit = pageLimit(listOptions);
        const after = decodeCursor(listOptions?.cursor);
        const where = whereClause(filter);
        if (after !== undefined) where.conditions.push('e.iccid > ?');
        const sql = `SELECT e.* FROM sft_endpoints e ${render(where.conditions)} ORDER BY e.iccid LIMIT ?`;
        const params = [...where.params, ...(after === undefined ? [] : [after]), limit + 1];
        const rows = s.prepare(sql).all(...params) as Row[];
        const items = rows.slice(0, limit).map((r) => toRecord(r)!);
        return rows.length > limit ? { items, nextCursor: encodeCursor(items[limit - 1]!.iccid) } : { items };
      }),
    addTags: (iccids, tags) =>
      run('addTags', (s) => {
        checkTagList(tags);
        return s.editTags.immediate(iccids, (current) => {
          const missing = uniqueTags(tags).filter((t) => !current.includes(t));
          return missing.length === 0 ? undefined : [...current, ...missing];
        });
      }),
    removeTags: (iccids, tags) =>
      run('removeTags', (s) => {
        checkTagList(tags);
        return s.editTags.immediate(iccids, (current) => {
          const kept = current.filter((t) => !tags.includes(t));
          return kept.length === current.length ? undefined : kept;
        });
      }),
    transition: (iccid, state, transitionOptions) =>
      run('transition', (s) => s.transition.immediate(iccid, state, transitionOptions ?? {})),
    claim: (criteria, claimant) =>
      run('claim', (s) => {
        const now = Date.now();
        const state = criteria.state ?? 'pre-active';
        const row = (
          criteria.tag === undefined
            ? s.claimAny.immediate({ claimant, now, state })
            : s.claimTagged.immediate({ claimant, now, state, tag: criteria.tag })
        ) as Row | undefined;
        if (row === undefined) throw emptyPoolError(criteria);
        return toRecord(row)!;
      }),
    release: (iccid, claimant) =>
      run('release', (s) => {
        const now = Date.now();
        const result =
          claimant === undefined ? s.release.run(now, iccid) : s.releaseBy.run(now, iccid, claimant);
        return result.changes > 0;
      }),
    counts: (filter = {}) =>
      run('counts', (s) => {
        const where = whereClause(filter);
        const sql = `SELECT t.tag AS tag, e.state AS state, e.claimed_by IS NOT NULL AS claimed, count(*) AS count
          FROM sft_endpoints e LEFT JOIN sft_endpoint_tags t ON t.iccid = e.iccid ${render(where.conditions)}
          GROUP BY t.tag, e.state, claimed`;
        return countEndpointRows(s.prepare(sql).all(...where.params) as CountRow[]);
      }),
    close: async () => {
      closed = true;
      db?.close();
      db = undefined;
      statements = undefined;
    },
  };
}

interface Statements {
  byIccid: Statement;
  byEndpointId: Statement;
  byName: Statement;
  release: Statement;
  releaseBy: Statement;
  upsertMany: BetterSqlite3.Transaction<(records: readonly EndpointUpsert[]) => StoredEndpoint[]>;
  editTags: BetterSqlite3.Transaction<
    (iccids: readonly string[], edit: (current: readonly string[]) => string[] | undefined) => number
  >;
  transition: BetterSqlite3.Transaction<
    (iccid: string, state: EndpointState, options: TransitionOptions) => StoredEndpoint | undefined
  >;
  claimAny: BetterSqlite3.Transaction<(params: Record<string, unknown>) => unknown>;
  claimTagged: BetterSqlite3.Transaction<(params: Record<string, unknown>) => unknown>;
  /** A prepared statement for dynamic SQL (filters), cached by its text. */
  prepare(sql: string): Statement;
}

function prepareStatements(db: Database): Statements {
  const cache = new Map<string, Statement>();
  const prepare = (sql: string): Statement => {
    let statement = cache.get(sql);
    if (statement === undefined) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  const byIccid = db.prepare('SELECT * FROM sft_endpoints WHERE iccid = ?');
  const write = db.prepare(`INSERT INTO sft_endpoints
      (iccid, endpoint_id, name, tags, state, job_id, claimed_by, claimed_at, last_error, created_at, updated_at)
      VALUES (@iccid, @endpoint_id, @name, @tags, @state, @job_id, @claimed_by, @claimed_at, @last_error, @created_at, @updated_at)
    ON CONFLICT (iccid) DO UPDATE SET endpoint_id = excluded.endpoint_id, name = excluded.name, tags = excluded.tags,
      state = excluded.state, job_id = excluded.job_id, claimed_by = excluded.claimed_by,
      claimed_at = excluded.claimed_at, last_error = excluded.last_error, updated_at = excluded.updated_at`);
  const deleteTags = db.prepare('DELETE FROM sft_endpoint_tags WHERE iccid = ?');
  const insertTags = db.prepare(
    'INSERT OR IGNORE INTO sft_endpoint_tags (tag, iccid) SELECT value, ? FROM json_each(?)',
  );
  const byIccids = db.prepare('SELECT * FROM sft_endpoints WHERE iccid IN (SELECT value FROM json_each(?))');

  const byEndpointId = db.prepare('SELECT iccid FROM sft_endpoints WHERE endpoint_id = ?').pluck();
  const releaseEndpointId = db.prepare('UPDATE sft_endpoints SET endpoint_id = NULL WHERE iccid = ?');
  const save = (next: StoredEndpoint, previous: StoredEndpoint | undefined): void => {
    if (next.endpointId !== undefined && next.endpointId !== previous?.endpointId) {
      const owner = byEndpointId.get(next.endpointId) as string | undefined;
      if (owner !== undefined && owner !== next.iccid) throw endpointIdConflictError(next.endpointId);
    }
    const row = toRow(next);
    write.run(row);
    if (previous !== undefined && sameTags(previous.tags, next.tags)) return;
    if (previous !== undefined) deleteTags.run(next.iccid);
    if (next.tags.length > 0) insertTags.run(next.iccid, row.tags);
  };
  const read = (iccid: string) => toRecord(byIccid.get(iccid) as Row | undefined);

  const claimSql = (
    tagged: boolean,
  ) => `UPDATE sft_endpoints SET claimed_by = @claimant, claimed_at = @now, updated_at = @now
    WHERE iccid = (SELECT e.iccid FROM sft_endpoints e WHERE e.claimed_by IS NULL AND e.state = @state
      ${tagged ? 'AND EXISTS (SELECT 1 FROM sft_endpoint_tags t WHERE t.tag = @tag AND t.iccid = e.iccid)' : ''}
      ORDER BY e.iccid LIMIT 1)
    RETURNING *`;
  const claimAny = db.prepare(claimSql(false));
  const claimTagged = db.prepare(claimSql(true));

  return {
    byIccid,
    byEndpointId: db.prepare('SELECT * FROM sft_endpoints WHERE endpoint_id = ?'),
    byName: db.prepare('SELECT * FROM sft_endpoints WHERE name = ? ORDER BY iccid'),
    release: db.prepare(
      'UPDATE sft_endpoints SET claimed_by = NULL, claimed_at = NULL, updated_at = ? WHERE iccid = ? AND claimed_by IS NOT NULL',
    ),
    releaseBy: db.prepare(
      'UPDATE sft_endpoints SET claimed_by = NULL, claimed_at = NULL, updated_at = ? WHERE iccid = ? AND claimed_by = ?',
    ),
    upsertMany: db.transaction((records: readonly EndpointUpsert[]) => {
      const now = new Date();
      const upserts = collapseByIccid(records);
      const stored = new Map<string, StoredEndpoint>();
      for (const found of byIccids.all(JSON.stringify(upserts.map((u) => u.iccid))) as Row[]) {
        stored.set(found.iccid, toRecord(found)!);
      }
      const merged = upserts.map((upsert, row) => applyUpsert(stored.get(upsert.iccid), upsert, now, row));
      // Endpoint ids leaving their ICCID are let go first, so that a batch may hand them to another
      // ICCID of the batch (or swap them) in any order, as in every other adapter.
      for (const next of merged) {
        const previousId = stored.get(next.iccid)?.endpointId;
        if (previousId !== undefined && previousId !== next.endpointId) releaseEndpointId.run(next.iccid);
      }
      for (const next of merged) save(next, stored.get(next.iccid));
      return merged;
    }),
    editTags: db.transaction(
      (iccids: readonly string[], edit: (current: readonly string[]) => string[] | undefined) => {
        const now = new Date();
        let changed = 0;
        for (const iccid of new Set(iccids)) {
          const previous = read(iccid);
          const tags = previous === undefined ? undefined : edit(previous.tags);
          if (previous === undefined || tags === undefined) continue;
          save({ ...previous, tags, updatedAt: now }, previous);
          changed += 1;
        }
        return changed;
      },
    ),
    transition: db.transaction((iccid: string, state: EndpointState, options: TransitionOptions) => {
      const previous = read(iccid);
      if (previous === undefined) return undefined;
      const next = applyTransition(previous, state, options, new Date());
      if (next === undefined) return undefined;
      save(next, previous);
      return next;
    }),
    claimAny: db.transaction((params: Record<string, unknown>) => claimAny.get(params)),
    claimTagged: db.transaction((params: Record<string, unknown>) => claimTagged.get(params)),
    prepare,
  };
}

function migrate(db: Database, path: string): void {
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > SQLITE_SCHEMA_VERSION) {
      throw new SftStoreError(
        `The SQLite store ${path} was written by a newer sft-endpoints (schema ${version}); upgrade sft-endpoints.`,
        { reason: 'corrupt', operation: 'sqliteStore' },
      );
    }
    for (let next = version + 1; next <= SQLITE_SCHEMA_VERSION; next++) {
      db.exec(SQLITE_MIGRATIONS[next]!);
      db.pragma(`user_version = ${next}`);
    }
  }).immediate();
}

function whereClause(filter: EndpointFilter): { conditions: string[]; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const states = filterStates(filter);
  if (states !== undefined) {
    conditions.push(states.length === 0 ? '0' : `e.state IN (${states.map(() => '?').join(', ')})`);
    params.push(...states);
  }
  if (filter.tag !== undefined) {
    conditions.push('e.iccid IN (SELECT iccid FROM sft_endpoint_tags WHERE tag = ?)');
    params.push(filter.tag);
  }
  if (filter.jobId !== undefined) {
    conditions.push('e.job_id = ?');
    params.push(filter.jobId);
  }
  if (filter.name !== undefined) {
    conditions.push('e.name = ?');
    params.push(filter.name);
  }
  if (filter.claimed !== undefined)
    conditions.push(`e.claimed_by IS ${filter.claimed ? 'NOT NULL' : 'NULL'}`);
  return { conditions, params };
}

function render(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag, i) => tag === b[i]);
}

function toRow(record: StoredEndpoint): Row {
  return {
    iccid: record.iccid,
    endpoint_id: record.endpointId ?? null,
    name: record.name,
    tags: JSON.stringify(record.tags),
    state: record.state,
    job_id: record.jobId ?? null,
    claimed_by: record.claimedBy ?? null,
    claimed_at: record.claimedAt?.getTime() ?? null,
    last_error: record.lastError ?? null,
    created_at: record.createdAt.getTime(),
    updated_at: record.updatedAt.getTime(),
  };
}

function toRecord(row: Row | undefined): StoredEndpoint | undefined {
  if (row === undefined) return undefined;
  const record: StoredEndpoint = {
    iccid: row.iccid,
    name: row.name,
    tags: JSON.parse(row.tags) as string[],
    state: row.state,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
  if (row.endpoint_id !== null) record.endpointId = row.endpoint_id;
  if (row.job_id !== null) record.jobId = row.job_id;
  if (row.claimed_by !== null) record.claimedBy = row.claimed_by;
  if (row.claimed_at !== null) record.claimedAt = new Date(row.claimed_at);
  if (row.last_error !== null) record.lastError = row.last_error;
  return record;
}

/** SDK errors pass through; driver errors become `SftStoreError`s with a reason to branch on. */
function toStoreError(error: unknown, operation: string, path: string): SftError {
  if (error instanceof SftError) return error;
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? String(error);
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' && message.includes('endpoint_id')) {
    return endpointIdConflictError('(from this write)', error);
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new SftStoreError(
      `The SQLite store ${path} is not a valid database (${message}); it was left untouched. Fix it, or move it away.`,
      { reason: 'corrupt', operation, cause: error },
    );
  }
  return new SftStoreError(`The SQLite store ${path} failed during ${operation}: ${message}`, {
    reason: 'unavailable',
    operation,
    cause: error,
  });
}
