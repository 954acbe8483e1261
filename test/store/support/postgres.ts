import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';

/** A PostgreSQL to run the adapter's tests against. */
export interface TestPostgres {
  /** Connection URL. */
  url: string;
  /** `'server'`: a real PostgreSQL (SFT_TEST_POSTGRES_URL); `'pglite'`: embedded PGlite over its socket server. */
  kind: 'server' | 'pglite';
  /**
   * What to give `postgresStore`: the URL for a real server; for PGlite one shared `pg.Pool` of a
   * single connection (its socket server serves one session and refuses a new connection while
   * the previous one is closing).
   */
  target: string | pg.Pool;
  /** Runs one statement on a fresh connection (for checks below the adapter's API). */
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  stop(): Promise<void>;
}

/**
 * The real server named by SFT_TEST_POSTGRES_URL (.ci/postgres.sh starts one), or else PGlite
 * behind pglite-socket, so that the adapter's SQL still runs through the real `pg` driver.
 * PGlite serves one session: its socket server would interleave the statements of several
 * connections inside one another's transactions, so the stores use one connection there.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const url = process.env.SFT_TEST_POSTGRES_URL;
  if (url !== undefined && url !== '') {
    return {
      url,
      kind: 'server',
      target: url,
      query: (t, v) => oneShot(url, t, v),
      stop: async () => undefined,
    };
  }
  const db = await PGlite.create();
  const server = new PGLiteSocketServer({ db, port: 0, host: '127.0.0.1', maxConnections: 1 });
  await server.start();
  const address = server.getServerConn();
  const pgliteUrl = `postgres://postgres@${address}/postgres?sslmode=disable`;
  const pool = new pg.Pool({ connectionString: pgliteUrl, max: 1 });
  return {
    url: pgliteUrl,
    kind: 'pglite',
    target: pool,
    query: (text, values) => db.query(text, values) as unknown as Promise<pg.QueryResult>,
    stop: async () => {
      await pool.end();
      await server.stop();
      await db.close();
    },
  };
}

async function oneShot(url: string, text: string, values?: unknown[]): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}
