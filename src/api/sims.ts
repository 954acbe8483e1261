/**
 * SIM inventory reads: `fetchSIM` as an async iterator, and the lookup of one SIM by ICCID.
 *
 * @module
 */
import type { SftClient } from '../client.js';
import { readPages } from '../internal/pages.js';
import { validateField } from '../internal/validate.js';
import { iccidSchema, type SimRow, simRowSchema } from '../schemas.js';
import type { SftCallOptions } from '../transport/transport.js';
import type { PageFilters } from './endpoints.js';

/**
 * The only fetchSIM filter values BICS documents: `simStatusId` 12 = Pre-Active and
 * `simAttachStatusId` 1 = attached to an endpoint. Other ids are unknown.
 */
export const DOCUMENTED_SIM_FILTERS = Object.freeze({
  /** `simStatusId` of Pre-Active SIMs. */
  preActiveStatusId: 12,
  /** `simAttachStatusId` of SIMs attached to an endpoint. */
  attachedStatusId: 1,
});

/** Filters of {@link fetchSims} (query parameters of `GET /api/fetchSIM`). */
export interface FetchSimsFilters extends PageFilters {
  /** Only this ICCID (observed in working clients). */
  iccid?: string;
  /** SIM state id; only 12 (Pre-Active) is documented — see {@link DOCUMENTED_SIM_FILTERS}. */
  simStatusId?: number | string;
  /** Attachment id; only 1 (attached) is documented. */
  simAttachStatusId?: number | string;
}

/** eSIM installation data of a SIM (fetchSIM `activationCode`, keys *claimed*, unverified). */
export interface SimActivationCode {
  /** The LPA string to render as the QR code the traveller scans. */
  textQrCode?: string;
  /** SM-DP+ address (SFT spells the wire key `smDpPlusAdress`). */
  smDpPlusAddress?: string;
  /** Matching id. */
  matchingId?: string;
}

/** One SIM as fetchSIM describes it. */
export interface SimInfo {
  /** The SIM's ICCID. */
  iccid: string;
  /** The endpoint it is linked to; `undefined` when not attached (SFT sends `"-"`). */
  endpointId?: string;
  /** The SIM status string: "Ready To Activate", "Pre-Active", "Active", "Suspended". */
  simStatus: string | undefined;
  /** Whether the SIM is attached to an endpoint. */
  attached: boolean;
  /** eSIM installation data, when present. */
  activationCode?: SimActivationCode;
  /** The eUICC id, when present. */
  eid?: string;
  /** The row verbatim. */
  raw: SimRow;
}

/** Maps one decoded fetchSIM row to a {@link SimInfo}. */
function toSimInfo(row: SimRow): SimInfo {
  const endpointId = row.endPointId && row.endPointId !== '-' ? row.endPointId : undefined;
  const attachStatus = row.simAttachStatus?.trim().toUpperCase();
  const info: SimInfo = {
    iccid: row.iccid,
    simStatus: row.simStatus,
    attached: attachStatus === undefined ? endpointId !== undefined : attachStatus === 'ATTACHED',
    raw: row,
  };
  if (endpointId !== undefined) info.endpointId = endpointId;
  if (row.eid) info.eid = row.eid;
  const code = row.activationCode;
  if (code) {
    const smDp = code.smDpPlusAdress ?? (code as { smDpPlusAddress?: unknown }).smDpPlusAddress;
    info.activationCode = {
      ...(code.textQrCode === undefined ? {} : { textQrCode: code.textQrCode }),
      ...(typeof smDp === 'string' ? { smDpPlusAddress: smDp } : {}),
      ...(code.matchingId === undefined ? {} : { matchingId: code.matchingId }),
    };
  }
  return info;
}

/**
 * Reads the SIM inventory (`GET /api/fetchSIM`) as an async iterator; pages are fetched lazily as
 * you iterate, `perPage` rows at a time (default 100), until a page is shorter than `perPage`.
 * Rows that are not recognisable SIM rows are skipped.
 *
 * @example
 * ```ts
 * for await (const sim of fetchSims(client, { simStatusId: 12 })) console.log(sim.iccid, sim.endpointId);
 * ```
 */
export async function* fetchSims(
  client: SftClient,
  filters: FetchSimsFilters = {},
  options: SftCallOptions = {},
): AsyncGenerator<SimInfo, void, undefined> {
  const query = {
    iccid: filters.iccid,
    simStatusId: filters.simStatusId,
    simAttachStatusId: filters.simAttachStatusId,
  };
  for await (const rows of readPages(client, 'fetchSims', query, filters, options)) {
    for (const row of rows) {
      const parsed = simRowSchema.safeParse(row);
      if (parsed.success) yield toSimInfo(parsed.data);
    }
  }
}

/**
 * The SIM with this ICCID (`fetchSIM?iccid=`), or `undefined` when the platform does not know it.
 * Use it to learn the endpoint a SIM is linked to, e.g. to settle a create whose outcome is unknown.
 */
export async function findSimByIccid(
  client: SftClient,
  iccid: string,
  options: SftCallOptions = {},
): Promise<SimInfo | undefined> {
  const checked = validateField(
    iccidSchema({ checkDigit: client.iccidCheckDigit }),
    iccid,
    'iccid',
    'findSimByIccid',
  );
  for await (const sim of fetchSims(client, { iccid: checked, perPage: 10, maxPages: 1 }, options)) {
    if (sim.iccid === checked) return sim;
  }
  return undefined;
}
