// Public exports of inventory/ (owned by the inventory layer).
export * from './allocate.js';
export * from './bulk-lifecycle.js';
export type { ConfirmStateOptions, StateSource } from './confirm-state.js';
export * from './drift.js';
export type { PlatformSource } from './platform-endpoints.js';
export * from './report.js';
export * from './sync.js';
export * from './tagging.js';
