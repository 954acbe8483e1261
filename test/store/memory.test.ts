import { describe, it } from 'vitest';
import { memoryStore } from '../../src/store/index.js';
import { runStoreConformance } from '../../src/testing/store-conformance.js';

runStoreConformance({ name: 'memoryStore', create: () => memoryStore(), harness: { describe, it } });
