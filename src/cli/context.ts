/**
 * Opens what a command needs — the store, and for commands that talk to SFT a client — and closes the
 * store afterwards whatever happens.
 *
 * @module
 */
import { createSftClient, type SftClient } from '../client.js';
import type { EndpointStore } from '../store/types.js';
import { type CliConfig, requireCredentials } from './config.js';
import { describeError } from './describe-error.js';
import { CliUsageError } from './exit-codes.js';
import { describeStoreSpec, openStore } from './store-spec.js';

/** Runs `work` with the configured store open; closes it afterwards. */
export async function withStore<T>(
  config: CliConfig,
  work: (store: EndpointStore) => Promise<T>,
): Promise<T> {
  let store: EndpointStore;
  try {
    store = await openStore(config.store);
  } catch (error) {
    throw new CliUsageError(
      `Cannot open the store ${describeStoreSpec(config.store)}: ${describeError(error)}`,
      { cause: error },
    );
  }
  try {
    return await work(store);
  } finally {
    await store.close().catch(() => {});
  }
}

/** Options of {@link withClient}. */
export interface ClientScopeOptions {
  /** Aborts every call of the client (Ctrl-C). */
  signal?: AbortSignal;
}

/**
 * Runs `work` with a client on the configured store (credentials required); closes the store
 * afterwards. Nothing is sent before the first call.
 */
export async function withClient<T>(
  config: CliConfig,
  work: (client: SftClient) => Promise<T>,
  options: ClientScopeOptions = {},
): Promise<T> {
  const credentials = requireCredentials(config);
  return withStore(config, async (store) => {
    let client: SftClient;
    try {
      client = createSftClient({
        credentials,
        store,
        ...(config.baseUrl === undefined ? {} : { baseUrl: config.baseUrl }),
        ...(config.maxTps === undefined ? {} : { maxTps: config.maxTps }),
        ...(config.concurrency === undefined ? {} : { concurrency: config.concurrency }),
        ...(config.roamingProfileId === undefined
          ? {}
          : { defaults: { roamingProfileId: config.roamingProfileId } }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    } catch (error) {
      // Only configuration can make client creation fail (missing credentials, a refused base URL).
      throw new CliUsageError(describeError(error), { cause: error });
    }
    return work(client);
  });
}
