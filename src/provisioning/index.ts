// Public exports of provisioning/ (owned by the provisioning layer).
export * from '../transport/token-bucket.js';
export * from './runner.js';
