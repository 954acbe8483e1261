// Public exports of api/ (owned by the api layer).

export * from './addons.js';
export * from './endpoints.js';
export * from './sims.js';
export * from './tags.js';
export * from './usage.js';
