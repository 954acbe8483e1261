/**
 * Lazy paging of SFT's list operations (GetEndPoints, fetchSIM). Internal: the public surface is
 * `listEndpoints` / `fetchSims`.
 */
import { z } from 'zod';
import type { PageFilters } from '../api/endpoints.js';
import type { SftClient } from '../client.js';
import { SftApiError, SftValidationError } from '../errors.js';
import { SFT_RESULT_CODES } from '../result-codes.js';
import { rowsSchema } from '../schemas.js';
import type { SftCallOptions } from '../transport/transport.js';

/** Default rows per page of list operations. */
export const DEFAULT_PER_PAGE = 100;

/**
 * Reads pages of a list operation until one is shorter than `perPage` (paging metadata is unknown,
 * so a short page is taken as the last one, *unverified*). A 1359 "no data" answer is an empty page.
 */
export async function* readPages(
  client: SftClient,
  operation: 'listEndpoints' | 'fetchSims',
  query: Record<string, unknown>,
  paging: PageFilters,
  options: SftCallOptions,
): AsyncGenerator<unknown[], void, undefined> {
  const perPage = paging.perPage ?? DEFAULT_PER_PAGE;
  if (!Number.isInteger(perPage) || perPage < 1) {
    throw new SftValidationError([{ field: 'perPage', message: 'perPage must be a positive integer' }], {
      operation,
    });
  }
  let page = paging.startPage ?? 1;
  for (let read = 0; paging.maxPages === undefined || read < paging.maxPages; read++, page++) {
    let rows: unknown[];
    try {
      const response = await client.transport.send(operation, {
        ...options,
        query: { ...query, page, perPage },
      });
      const parsed = rowsSchema(z.unknown()).safeParse(response.responseParam ?? {});
      rows = parsed.success ? parsed.data.rows : [];
    } catch (error) {
      if (error instanceof SftApiError && error.resultCode === SFT_RESULT_CODES.noData.code) rows = [];
      else throw error;
    }
    yield rows;
    if (rows.length < perPage) return;
  }
}
