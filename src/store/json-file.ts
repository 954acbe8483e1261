import { readFile } from 'node:fs/promises';
import { SftStoreError } from '../errors.js';
import { writeFileAtomically } from './internal/atomic-write.js';
import { closedStoreError } from './internal/errors.js';
import { parseInventory, serializeInventory } from './internal/json-format.js';
import { MemoryTable } from './internal/memory-table.js';
import type { EndpointStore } from './types.js';

/**
 * A store kept in one JSON file: for notebooks, scripts and small inventories (up to some tens of
 * thousands of endpoints — every change rewrites the whole file).
 *
 * - Writes are atomic: a temporary file is flushed and renamed over `path` (and the directory
 *   flushed after), so a crash (even SIGKILL) leaves the old file or the new one, never a torn one.
 *   Concurrent changes share one write.
 * - The file is created with mode 0600 (owner only).
 * - A file that is not a valid inventory is never overwritten: every call rejects with
 *   `SftStoreError` reason `'corrupt'`, naming the file; fix or move it away.
 * - A failed write (disk full, permissions) rejects the call with `SftStoreError` reason
 *   `'unavailable'`; the change stays in memory and is saved by the next successful write.
 * - One process at a time: two processes writing one file lose each other's changes. Use
 *   `sqliteStore` (several processes, one host) or `postgresStore` (several hosts) to share.
 *
 * The file is read on first use; a missing file is an empty inventory, created on the first change.
 */
export function jsonFileStore(path: string): EndpointStore {
  let loading: Promise<MemoryTable> | undefined;
  let closed = false;
  const writer = createCoalescingWriter(path);

  const table = async (operation: string): Promise<MemoryTable> => {
    if (closed) throw closedStoreError(operation);
    // A file that could not be read (a transient I/O error) is read again by the next call; a corrupt
    // one keeps rejecting until it is fixed and a new store is made.
    loading ??= loadTable(path).catch((error: unknown) => {
      if ((error as SftStoreError).reason !== 'corrupt') loading = undefined;
      throw error;
    });
    return loading;
  };
  const read = <T>(operation: string, run: (t: MemoryTable) => T) => table(operation).then(run);
  const change = async <T>(operation: string, run: (t: MemoryTable) => T): Promise<T> => {
    const t = await table(operation);
    const result = run(t);
    await writer.write(() => serializeInventory(t.records()));
    return result;
  };
  const changeIf = async <T>(operation: string, run: (t: MemoryTable) => T, changed: (r: T) => boolean) => {
    const t = await table(operation);
    const result = run(t);
    if (changed(result)) await writer.write(() => serializeInventory(t.records()));
    return result;
  };

  return {
    getByEndpointId: (endpointId) => read('getByEndpointId', (t) => t.getByEndpointId(endpointId)),
    getByIccid: (iccid) => read('getByIccid', (t) => t.getByIccid(iccid)),
    findByName: (name) => read('findByName', (t) => t.findByName(name)),
    list: (filter, options) => read('list', (t) => t.list(filter, options)),
    counts: (filter) => read('counts', (t) => t.counts(filter)),
    upsert: (record) => change('upsert', (t) => t.upsert(record)),
    upsertMany: (records) => change('upsertMany', (t) => t.upsertMany(records)),
    claim: (criteria, claimant) => change('claim', (t) => t.claim(criteria, claimant)),
    addTags: (iccids, tags) =>
      changeIf(
        'addTags',
        (t) => t.addTags(iccids, tags),
        (n) => n > 0,
      ),
    removeTags: (iccids, tags) =>
      changeIf(
        'removeTags',
        (t) => t.removeTags(iccids, tags),
        (n) => n > 0,
      ),
    transition: (iccid, state, options) =>
      changeIf(
        'transition',
        (t) => t.transition(iccid, state, options),
        (r) => r !== undefined,
      ),
    release: (iccid, claimant) =>
      changeIf(
        'release',
        (t) => t.release(iccid, claimant),
        (r) => r,
      ),
    close: async () => {
      closed = true;
      await writer.idle();
    },
  };
}

async function loadTable(path: string): Promise<MemoryTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new MemoryTable();
    throw new SftStoreError(`Cannot read the inventory file ${path}: ${(error as Error).message}`, {
      reason: 'unavailable',
      operation: 'jsonFileStore',
      cause: error,
    });
  }
  try {
    return new MemoryTable(parseInventory(text));
  } catch (error) {
    throw new SftStoreError(
      `The inventory file ${path} is ${(error as Error).message}; it was left untouched. Fix it, or move it away to start a new inventory.`,
      { reason: 'corrupt', operation: 'jsonFileStore', cause: error },
    );
  }
}

interface CoalescingWriter {
  /** Resolves once a snapshot taken after this call is on disk. */
  write(snapshot: () => string): Promise<void>;
  /** Resolves once no write is in progress. */
  idle(): Promise<void>;
}

/**
 * Serialises writes of one file: changes made while a write is in flight are saved together by the
 * next write, so N concurrent changes cost at most two writes rather than N.
 */
function createCoalescingWriter(path: string): CoalescingWriter {
  let running: Promise<void> = Promise.resolve();
  let next: { promise: Promise<void>; snapshot: () => string } | undefined;
  return {
    write(snapshot) {
      if (next !== undefined) {
        next.snapshot = snapshot;
        return next.promise;
      }
      const entry = { snapshot, promise: Promise.resolve() };
      entry.promise = running
        .catch(() => undefined)
        .then(async () => {
          next = undefined;
          try {
            await writeFileAtomically(path, entry.snapshot());
          } catch (error) {
            throw new SftStoreError(`Cannot write the inventory file ${path}: ${(error as Error).message}`, {
              reason: 'unavailable',
              operation: 'jsonFileStore',
              cause: error,
            });
          }
        });
      next = entry;
      running = entry.promise;
      return entry.promise;
    },
    idle: () => running.catch(() => undefined),
  };
}
