/**
 * Usage retrieval for one endpoint: `GET /api/GetStatistics` (operation `getStatistics`).
 *
 * *Unverified*: the path, its query parameters `endPointId`, `from_date`, `to_date` (YYYYMMDD) and the
 * answer's `responseParam.dataUsage[].totalVolume` were seen in working third-party clients, not in
 * BICS documentation; the unit of `totalVolume` is not known. BICS documents that usage is updated
 * only after traffic is rated, not in real time.
 *
 * @module
 */
import { z } from 'zod';
import type { SftClient } from '../client.js';
import { SftValidationError } from '../errors.js';
import type { SftCallOptions } from '../transport/transport.js';

/** The period to read, both days included. A `Date` is read in UTC. */
export interface UsagePeriod {
  /** First day: a `Date`, `'YYYYMMDD'` or `'YYYY-MM-DD'`. */
  from: Date | string;
  /** Last day, same forms. */
  to: Date | string;
}

/** One entry of `dataUsage`. */
export interface DataUsage {
  /** The entry's date as the platform gave it (format not documented). */
  date: string | undefined;
  /** Data volume as a number (unit not documented), or `undefined` when absent or not numeric. */
  totalVolume: number | undefined;
  /** The entry verbatim, for fields the SDK does not model. */
  raw: Record<string, unknown>;
}

/** Usage of one endpoint over a period. */
export interface EndpointUsage {
  /** The endpoint asked about. */
  endpointId: string;
  /** The first day sent, `YYYYMMDD`. */
  fromDate: string;
  /** The last day sent, `YYYYMMDD`. */
  toDate: string;
  /** The entries the platform returned (empty when it returned none). */
  dataUsage: DataUsage[];
}

const usageAnswerSchema = z
  .object({ dataUsage: z.array(z.record(z.string(), z.unknown())).optional() })
  .loose();

/**
 * Reads the data usage of one endpoint between two days (inclusive). A read: safe to retry, and the
 * transport does so on its own.
 *
 * @throws {@link SftValidationError} for a bad endpoint id or dates; the transport's errors after.
 */
export async function getEndpointUsage(
  client: SftClient,
  endpointId: string,
  period: UsagePeriod,
  options: SftCallOptions = {},
): Promise<EndpointUsage> {
  const fromDate = toSftDate(period.from, 'from');
  const toDate = toSftDate(period.to, 'to');
  if (typeof endpointId !== 'string' || endpointId.trim() === '') {
    throw new SftValidationError([{ field: 'endpointId', message: 'give the endpoint id' }], {
      operation: 'getStatistics',
    });
  }
  if (fromDate > toDate) {
    throw new SftValidationError([{ field: 'from', message: `is after to (${fromDate} > ${toDate})` }], {
      operation: 'getStatistics',
    });
  }
  const response = await client.transport.send('getStatistics', {
    ...options,
    query: { endPointId: endpointId, from_date: fromDate, to_date: toDate },
  });
  const parsed = usageAnswerSchema.safeParse(response.responseParam ?? {});
  const entries = parsed.success ? (parsed.data.dataUsage ?? []) : [];
  return {
    endpointId,
    fromDate,
    toDate,
    dataUsage: entries.map((raw) => ({
      date: raw.date === undefined ? undefined : String(raw.date),
      totalVolume: toNumber(raw.totalVolume),
      raw,
    })),
  };
}

/** `value` as SFT's `YYYYMMDD`; throws {@link SftValidationError} naming `field` when it is not a valid day. */
export function toSftDate(value: Date | string, field = 'date'): string {
  let text: string | undefined;
  if (value instanceof Date) {
    if (!Number.isNaN(value.getTime())) text = value.toISOString().slice(0, 10).replaceAll('-', '');
  } else if (typeof value === 'string' && /^\d{4}-?\d{2}-?\d{2}$/.test(value)) {
    text = value.replaceAll('-', '');
    const check = new Date(`${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T00:00:00Z`);
    if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10).replaceAll('-', '') !== text) {
      text = undefined;
    }
  }
  if (text === undefined) {
    throw new SftValidationError(
      [{ field, message: 'must be a valid day: a Date, "YYYYMMDD" or "YYYY-MM-DD"' }],
      { operation: 'getStatistics' },
    );
  }
  return text;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}
