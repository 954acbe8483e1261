/**
 * Child process of the crash test: provisions the rows of ROWS_FILE against SIM_URL into the SQLite
 * store DB, printing one line per finished row and, at the end, the summary as JSON.
 */
import { readFileSync } from 'node:fs';
import { createSftClient } from '../../src/client.js';
import { createBulkEndpoints } from '../../src/provisioning/bulk.js';
import { sqliteStore } from '../../src/store/sqlite.js';
import type { CreateEndpointInput } from '../../src/types.js';

const { SIM_URL, DB, ROWS_FILE, MAX_TPS } = process.env;
if (!SIM_URL || !DB || !ROWS_FILE) throw new Error('SIM_URL, DB and ROWS_FILE are required');
const rows = JSON.parse(readFileSync(ROWS_FILE, 'utf8')) as CreateEndpointInput[];
const store = sqliteStore(DB);
const client = createSftClient({
  credentials: { username: 'demo-enterprise', password: 'demo-password' },
  baseUrl: SIM_URL,
  store,
  maxTps: Number(MAX_TPS ?? 100),
  retry: { minDelayMs: 1, maxDelayMs: 5 },
  defaults: { roamingProfileId: '3017' },
});
const summary = await createBulkEndpoints(client, rows, {
  tag: 'crash',
  retry: { minDelayMs: 1, maxDelayMs: 10 },
  onResult: (r) => process.stdout.write(`row ${r.index} ${r.status}\n`),
});
await store.close();
process.stdout.write(
  `${JSON.stringify({ ...summary, failures: summary.failures.length, fatalError: summary.fatalError?.message })}\n`,
);
