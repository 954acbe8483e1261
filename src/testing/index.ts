/**
 * `sft-endpoints/testing`: a local simulator of the BICS SFT platform (core, msw handlers, HTTP
 * server) and the store conformance suite. The msw handlers need the optional peer dependency `msw`.
 *
 * @packageDocumentation
 */
export type { SimulatorAdmin } from './admin.js';
export * from './codes.js';
export type { ForcedFault } from './faults.js';
export * from './inventory.js';
export * from './msw.js';
export * from './server.js';
export * from './settings.js';
export * from './simulator.js';
export type {
  SimulatedAccount,
  SimulatedAddon,
  SimulatedEndpoint,
  SimulatedTag,
  SimulatorCounters,
} from './state.js';
export * from './store-conformance.js';
export type { SimAnswer, SimRequest } from './wire.js';
