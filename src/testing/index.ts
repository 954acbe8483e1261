// Public exports of sft-endpoints/testing: simulator, msw handlers, store conformance suite.
export {};
