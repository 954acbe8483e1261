import type { ListOptions } from '../types.js';
import { storeArgumentError } from './errors.js';

/** Page size of `list` when the caller gives none. */
export const DEFAULT_PAGE_SIZE = 500;

/** The largest page a `list` call returns. */
export const MAX_PAGE_SIZE = 10_000;

/** The cursor is the last ICCID of the previous page, wrapped so that callers treat it as opaque. */
export function encodeCursor(lastIccid: string): string {
  return Buffer.from(JSON.stringify({ after: lastIccid }), 'utf8').toString('base64url');
}

/** The ICCID after which the next page starts, or `undefined` for the first page. */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      typeof (parsed as { after?: unknown }).after === 'string'
    ) {
      return (parsed as { after: string }).after;
    }
  } catch {
    // fall through to the error below
  }
  throw storeArgumentError('cursor', 'is not a cursor returned by this store; pass nextCursor unchanged');
}

/** The validated page size of a `list` call. */
export function pageLimit(options: ListOptions | undefined): number {
  const limit = options?.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw storeArgumentError('limit', `must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  return limit;
}
