import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SftStoreError } from '../../src/errors.js';
import { loadOptionalDriver } from '../../src/store/internal/load-driver.js';

const missing = (id: string) => {
  const error = new Error(`Cannot find module '${id}'`) as NodeJS.ErrnoException;
  error.code = 'MODULE_NOT_FOUND';
  throw error;
};

describe('optional database drivers', () => {
  it('names the package to install when a driver is missing', () => {
    const run = () => loadOptionalDriver('pg', 'postgresStore', missing);
    expect(run).toThrow(SftStoreError);
    expect(run).toThrow(/postgresStore needs the optional package "pg".*npm install pg/);
    try {
      run();
    } catch (error) {
      expect((error as SftStoreError).reason).toBe('driver-missing');
    }
  });

  it('says to reinstall a driver that is present but fails to load', () => {
    const broken = () => {
      throw new Error('Could not locate the bindings file');
    };
    expect(() => loadOptionalDriver('better-sqlite3', 'sqliteStore', broken)).toThrow(
      /could not load the package "better-sqlite3".*npm rebuild better-sqlite3/,
    );
  });

  it('does not load better-sqlite3 or pg when the main entry is imported', () => {
    const entry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
    const script = `
      const { createRequire } = await import('node:module');
      await import(${JSON.stringify(entry)});
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify(loaded.filter((p) => /node_modules[\\\\/](better-sqlite3|pg|pg-pool)[\\\\/]/.test(p))));
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual([]);
  });
});
