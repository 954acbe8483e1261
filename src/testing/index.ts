// Public exports of sft-endpoints/testing: simulator, msw handlers, store conformance suite.
export {};
export * from './store-conformance.js';
