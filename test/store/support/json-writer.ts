// Child process of json-file-crash.test.ts: rewrites every record of a JSON store, generation after
// generation, printing "generation N" once generation N is on disk, until it is killed.
import { jsonFileStore } from '../../../src/store/index.js';

const [path, size] = process.argv.slice(2) as [string, string];
const store = jsonFileStore(path);
for (let generation = 1; ; generation++) {
  await store.upsertMany(
    Array.from({ length: Number(size) }, (_, i) => ({
      iccid: String(i).padStart(19, '0'),
      name: `generation ${generation}`,
      state: 'pre-active' as const,
      tags: [`generation-${generation}`],
    })),
  );
  process.stdout.write(`generation ${generation}\n`);
}
