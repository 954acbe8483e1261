import type { EndpointFilter, EndpointStore, StoredEndpoint } from './types.js';

/** Options of {@link iterateEndpoints}. */
export interface IterateEndpointsOptions {
  /** Records fetched per `list` call (default: the store's default page size). */
  pageSize?: number;
}

/**
 * Every endpoint matching `filter`, ordered by ICCID, fetched page by page with `store.list`:
 * memory stays bounded by one page whatever the size of the inventory.
 *
 * @example
 * for await (const endpoint of iterateEndpoints(store, { tag: 'batch-1' })) console.log(endpoint.iccid);
 */
export async function* iterateEndpoints(
  store: EndpointStore,
  filter: EndpointFilter = {},
  options: IterateEndpointsOptions = {},
): AsyncGenerator<StoredEndpoint, void, undefined> {
  let cursor: string | undefined;
  do {
    const page = await store.list(filter, {
      ...(options.pageSize === undefined ? {} : { limit: options.pageSize }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor !== undefined);
}
