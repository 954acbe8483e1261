/**
 * Simulated `GET /api/GetStatistics?endPointId=&from_date=YYYYMMDD&to_date=YYYYMMDD` (*unverified*:
 * seen in working clients). Daily volumes are deterministic per endpoint and day, and zero for an
 * endpoint that was never Active.
 *
 * @module
 */
import { SIMULATED_RESULT_CODES as CODES } from '../codes.js';
import { hashSeed } from '../random.js';
import { ok } from '../wire.js';
import { findEndpoint, incorrect, isOutcome, type OperationHandler } from './context.js';

/** The longest period one GetStatistics call may cover, in days (*simulator assumption*). */
export const MAX_STATISTICS_DAYS = 366;

const DAY_MS = 86_400_000;

function parseDay(raw: string | null): number | undefined {
  const match = raw ? /^(\d{4})(\d{2})(\d{2})$/.exec(raw) : null;
  if (!match) return undefined;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  const back = new Date(ms);
  return back.getUTCDate() === Number(match[3]) && back.getUTCMonth() === Number(match[2]) - 1
    ? ms
    : undefined;
}

function formatDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
}

/** The simulated data volume (bytes) of an endpoint on one day: deterministic, under 50 MB. */
export function simulatedDailyVolume(endpointId: string, day: string): number {
  return hashSeed(`${endpointId}:${day}`) % 50_000_000;
}

/** Answers `responseParam.dataUsage: [{ date, totalVolume }]` and `responseParam.dataTotalUsage`. */
export const getStatistics: OperationHandler = (ctx) => {
  const { query } = ctx.request;
  const endpoint = findEndpoint(ctx, query.get('endPointId') ?? undefined);
  if (isOutcome(endpoint)) return endpoint;
  const from = parseDay(query.get('from_date'));
  const to = parseDay(query.get('to_date'));
  if (from === undefined) return incorrect('from_date', 'a date as YYYYMMDD');
  if (to === undefined) return incorrect('to_date', 'a date as YYYYMMDD');
  if (to < from) return incorrect('to_date', 'not before from_date');
  if ((to - from) / DAY_MS + 1 > MAX_STATISTICS_DAYS) {
    return incorrect('to_date', `at most ${MAX_STATISTICS_DAYS} days after from_date`);
  }
  const dataUsage: { date: string; totalVolume: number }[] = [];
  for (let day = from; day <= to; day += DAY_MS) {
    const date = formatDay(day);
    dataUsage.push({
      date,
      totalVolume: endpoint.everActivated ? simulatedDailyVolume(endpoint.endpointId, date) : 0,
    });
  }
  const dataTotalUsage = dataUsage.reduce((sum, d) => sum + d.totalVolume, 0);
  return ok(CODES.success, { responseParam: { dataUsage, dataTotalUsage } });
};
