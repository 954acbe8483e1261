// The README's notebook quickstart (```ts notebook blocks) runs as written under tsx and under ts-node,
// with top-level await, against the local simulator, importing the package by its name (the built dist/).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode } from './run-node.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The code of every fenced block whose info string is `ts notebook`. */
function notebookSnippets(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts notebook\n([\s\S]*?)^```/gm)].map((m) => m[1] as string);
}

const snippets = notebookSnippets(readFileSync(join(root, 'README.md'), 'utf8'));
// Inside the package folder, so that `import 'sft-endpoints'` resolves to this package (self-reference).
let dir: string;
beforeAll(() => {
  mkdirSync(join(root, '.tmp'), { recursive: true });
  dir = mkdtempSync(join(root, '.tmp', 'readme-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("the README's notebook snippets", () => {
  it('exist', () => {
    expect(snippets.length).toBeGreaterThan(0);
  });

  snippets.forEach((code, i) => {
    it(`snippet ${i + 1} runs under tsx`, async () => {
      const file = join(dir, `tsx-${i}.mts`);
      writeFileSync(file, code);
      const run = await runNode(['--import', 'tsx', file], dir);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/\d+ created, 0 failed/);
    });

    it(`snippet ${i + 1} type-checks and runs under ts-node`, async () => {
      const file = join(dir, `ts-node-${i}.mts`);
      writeFileSync(file, code);
      const run = await runNode(['--loader', 'ts-node/esm', file], dir, {
        TS_NODE_PROJECT: join(root, 'tsconfig.json'),
      });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/\d+ created, 0 failed/);
    });
  });
});
