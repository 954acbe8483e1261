import { describe } from 'vitest';
import { describeSimulatorBehaviour } from './support/behaviour.js';
import { httpDriver } from './support/drivers.js';

describe('SFT simulator over HTTP (node:http on 127.0.0.1)', () => {
  describeSimulatorBehaviour(httpDriver());
});
