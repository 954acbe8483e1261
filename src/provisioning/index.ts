// Public exports of provisioning/ (owned by the provisioning layer).
export * from '../transport/token-bucket.js';
export { type BulkRun, createBulkEndpoints } from './bulk.js';
export {
  type ConcurrencyController,
  type ConcurrencyControllerOptions,
  createConcurrencyController,
  defaultMaxConcurrency,
  initialConcurrency,
} from './concurrency.js';
export { estimateEtaMs } from './progress.js';
export { type ReconcileOptions, type ReconcileVerdict, reconcileUnknownOutcome } from './reconcile.js';
export * from './runner.js';
export {
  type ProvisioningStrategy,
  perRowStrategy,
  type RowOutcome,
  type StrategySendOptions,
} from './strategy.js';
export * from './types.js';
