// Child process of sqlite-processes.test.ts: `claimers` concurrent claimers drain the pool of one
// SQLite file through the real adapter, then print the ICCIDs this process got as one JSON line.
import { sqliteStore } from '../../../src/store/sqlite.js';

const [path, processName, claimers] = process.argv.slice(2) as [string, string, string];
const store = sqliteStore(path);
await store.counts({ tag: 'pool' });
// Start together: say ready, then wait for the parent's "go" line (so that the claims contend).
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.destroy();
const claimed: { iccid: string; claimedBy: string }[] = [];
await Promise.all(
  Array.from({ length: Number(claimers) }, async (_, i) => {
    for (;;) {
      try {
        const record = await store.claim({ tag: 'pool' }, `${processName}/claimer-${i}`);
        claimed.push({ iccid: record.iccid, claimedBy: record.claimedBy! });
        // Stands for the work done with the endpoint (an activation call) before the next claim.
        await new Promise((resolve) => setTimeout(resolve, 1));
      } catch (error) {
        if ((error as Error).name === 'SftEmptyPoolError') return;
        throw error;
      }
    }
  }),
);
await store.close();
process.stdout.write(`${JSON.stringify(claimed)}\n`);
