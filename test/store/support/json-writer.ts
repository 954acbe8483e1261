// Child process of json-file-crash.test.ts: fills a JSON store, then rewrites it again and again
// (one small change per write, so that most of the time goes into writing the file), printing
// "generation N" once generation N is on disk, until it is killed.
import { jsonFileStore } from '../../../src/store/index.js';

const [path, size] = process.argv.slice(2) as [string, string];
const store = jsonFileStore(path);
await store.upsertMany(
  Array.from({ length: Number(size) }, (_, i) => ({
    iccid: String(i).padStart(19, '0'),
    name: `endpoint ${i} with a name long enough to make the file big`,
    state: 'pre-active' as const,
    tags: ['crash-test', `row-${i}`],
  })),
);
for (let generation = 1; ; generation++) {
  await store.upsert({ iccid: '0'.repeat(19), jobId: `generation ${generation}` });
  process.stdout.write(`generation ${generation}\n`);
}
