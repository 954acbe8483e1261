// Public exports of store/ (owned by the store layer). Never export sqlite/postgres here: they are
// subpath entries so that the main entry does not load their driver packages.
export { type IterateEndpointsOptions, iterateEndpoints } from './iterate.js';
export { jsonFileStore } from './json-file.js';
export { memoryStore } from './memory.js';
