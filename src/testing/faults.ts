/**
 * Decides which fault, if any, hits a request: first the faults forced with `failNext`, then a
 * seeded draw against the configured rates.
 *
 * @module
 */
import type { SftOperationName } from '../transport/operations.js';
import type { SeededRandom } from './random.js';
import { FAULT_KINDS, type FaultKind, type FaultSettings } from './settings.js';

/** Ask the simulator to inject a fault into the next matching request(s), regardless of rates. */
export interface ForcedFault {
  /** The fault. */
  kind: FaultKind;
  /** Only requests to this operation. Default: any operation except login and refreshToken. */
  operation?: SftOperationName;
  /** How many requests to hit. Default 1. */
  times?: number;
}

/** Operations that global fault rates (and untargeted forced faults) leave alone. */
export const AUTH_OPERATIONS: ReadonlySet<SftOperationName> = new Set(['login', 'refreshToken']);

/** Draws faults for requests. */
export class FaultInjector {
  readonly #random: SeededRandom;
  readonly #forced: ForcedFault[] = [];

  constructor(random: SeededRandom) {
    this.#random = random;
  }

  /** Queues a forced fault. */
  force(fault: ForcedFault): void {
    this.#forced.push({ ...fault });
  }

  /** The fault for one request to `operation`, or `undefined`. */
  draw(operation: SftOperationName, settings: FaultSettings): FaultKind | undefined {
    const index = this.#forced.findIndex((f) =>
      f.operation === undefined ? !AUTH_OPERATIONS.has(operation) : f.operation === operation,
    );
    if (index >= 0) {
      const fault = this.#forced[index]!;
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) this.#forced.splice(index, 1);
      return fault.kind;
    }
    const rates = settings.perOperation?.[operation] ?? (AUTH_OPERATIONS.has(operation) ? {} : settings);
    if (!FAULT_KINDS.some((kind) => (rates[kind] ?? 0) > 0)) return undefined;
    let u = this.#random.next();
    for (const kind of FAULT_KINDS) {
      u -= rates[kind] ?? 0;
      if (u < 0) return kind;
    }
    return undefined;
  }
}
