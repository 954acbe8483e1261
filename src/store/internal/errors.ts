import { SftEmptyPoolError, SftStoreError, SftValidationError } from '../../errors.js';
import type { ClaimCriteria } from '../types.js';

/** The error every store method rejects with after `close()`. */
export function closedStoreError(operation: string): SftStoreError {
  return new SftStoreError('The store is closed; create a new one to keep working.', {
    reason: 'closed',
    operation,
  });
}

/** A write would give one endpoint id to two ICCIDs. */
export function endpointIdConflictError(endpointId: string, cause?: unknown): SftStoreError {
  return new SftStoreError(
    `Endpoint id ${endpointId} already belongs to another ICCID in this store; one endpoint id maps to one ICCID.`,
    { reason: 'conflict', operation: 'store', cause },
  );
}

/** No unclaimed endpoint matches a claim. */
export function emptyPoolError(criteria: ClaimCriteria): SftEmptyPoolError {
  const state = criteria.state ?? 'pre-active';
  const where = criteria.tag === undefined ? '' : ` with tag "${criteria.tag}"`;
  return new SftEmptyPoolError(
    `No unclaimed ${state} endpoint${where} is left in the store; create more inventory (or release claims).`,
    criteria.tag === undefined ? { operation: 'claim' } : { operation: 'claim', tag: criteria.tag },
  );
}

/** One invalid argument of a store call. Nothing was written. */
export function storeArgumentError(field: string, message: string, row?: number): SftValidationError {
  return new SftValidationError([row === undefined ? { field, message } : { field, message, row }], {
    operation: 'store',
  });
}
