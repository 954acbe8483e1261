/**
 * How one batch of rows reaches the platform, behind one small interface.
 *
 * SFT has a "Create Bulk Endpoint" API, but its path, request shape, batch limit and result model
 * are not in the known BICS documentation, so the SDK does not implement it. The default strategy
 * sends one Create Endpoint call per row. When the bulk interface is known, a strategy with
 * `maxBatchSize > 1` can be plugged in without touching the engine: the engine still journals every
 * row, reconciles every unknown outcome per ICCID and retries per row.
 *
 * @module
 */
import { sendCreateEndpoint } from '../api/endpoints.js';
import type { SftClient } from '../client.js';
import { SftError } from '../errors.js';
import type { CreateEndpointInput } from '../types.js';

/** The outcome of one row of a batch: the new endpoint's id, or the error for that row. */
export type RowOutcome =
  | {
      /** The created endpoint's id. */
      endpointId: string;
      /** Absent on success. */
      error?: undefined;
    }
  | {
      /** Absent on failure. */
      endpointId?: undefined;
      /** Why the row failed; its `outcome` says whether the create may have happened. */
      error: SftError;
    };

/** Per-call options the engine passes to a strategy. */
export interface StrategySendOptions {
  /** Aborts the call. The engine passes none for creates it wants finished (a clean abort). */
  signal?: AbortSignal;
}

/**
 * Sends batches of create inputs to the platform.
 *
 * Contract: `send` resolves with one {@link RowOutcome} per input, in the same order. A row whose
 * create may have happened must carry an error with `outcome: 'unknown'` (the engine then looks
 * its ICCID up before anything else); a refused row an error with `outcome: 'not-applied'`.
 * Throwing fails every row of the batch with that error (same `outcome` rules). A strategy must
 * not write to the store: the engine journals.
 */
export interface ProvisioningStrategy {
  /** A short name for logs. */
  readonly name: string;
  /** The most rows one `send` may carry (1: one request per row). */
  readonly maxBatchSize: number;
  /** Sends `inputs` (already validated, at most `maxBatchSize`). */
  send(
    client: SftClient,
    inputs: readonly CreateEndpointInput[],
    options: StrategySendOptions,
  ): Promise<RowOutcome[]>;
}

/**
 * The default strategy: one Create Endpoint (`POST /api/CreateEndPoint`) per row, via
 * `sendCreateEndpoint` (wire only; the engine journals).
 */
export const perRowStrategy: ProvisioningStrategy = Object.freeze({
  name: 'per-row CreateEndPoint',
  maxBatchSize: 1,
  async send(client: SftClient, inputs: readonly CreateEndpointInput[], options: StrategySendOptions) {
    return Promise.all(
      inputs.map(async (input): Promise<RowOutcome> => {
        try {
          const record = await sendCreateEndpoint(client, input, options);
          return { endpointId: record.endpointId };
        } catch (error) {
          if (error instanceof SftError) return { error };
          throw error;
        }
      }),
    );
  },
});
