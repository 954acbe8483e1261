/**
 * Answer latency: a seeded log-normal sample around the median, capped, plus a fixed extra for the
 * platform's long (180 s) operations.
 *
 * @module
 */
import { LONG_TIMEOUT_MS, SFT_OPERATIONS, type SftOperationName } from '../transport/operations.js';
import type { SeededRandom } from './random.js';
import type { LatencySettings } from './settings.js';

/** The operations BICS gives a 180 s timeout (CreateEndPoint, GetEndPointProfile, LinkSim, …). */
export const LONG_OPERATIONS: ReadonlySet<SftOperationName> = new Set(
  (Object.keys(SFT_OPERATIONS) as SftOperationName[]).filter(
    (op) => SFT_OPERATIONS[op].timeoutMs === LONG_TIMEOUT_MS,
  ),
);

/** The delay, in whole ms, before answering one request to `operation`. */
export function sampleLatency(
  random: SeededRandom,
  settings: LatencySettings,
  operation: SftOperationName | undefined,
): number {
  const { medianMs, sigma, maxMs, longOperationExtraMs } = settings;
  let delay = medianMs > 0 ? Math.min(random.logNormal(medianMs, sigma), maxMs ?? medianMs * 10) : 0;
  if (operation && LONG_OPERATIONS.has(operation)) delay += longOperationExtraMs;
  return Math.round(delay);
}
