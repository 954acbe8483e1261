/**
 * sft-endpoints: a typed SDK for the BICS SFT (SIM for Things) platform.
 *
 * @packageDocumentation
 */

export * from './api/index.js';
export * from './client.js';
export * from './errors.js';
export * from './inventory/index.js';
export * from './provisioning/index.js';
export * from './result-codes.js';
export * from './schemas.js';
export * from './store/index.js';
export * from './store/types.js';
export * from './transport/operations.js';
export * from './transport/pacer.js';
export * from './types.js';
