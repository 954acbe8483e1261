import { describe } from 'vitest';
import { describeSimulatorBehaviour } from './support/behaviour.js';
import { mswDriver } from './support/drivers.js';

describe('SFT simulator over msw (in-process fetch interception)', () => {
  describeSimulatorBehaviour(mswDriver());
});
