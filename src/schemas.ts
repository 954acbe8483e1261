/**
 * zod schemas for inputs (validated before anything is sent) and for SFT's wire envelopes
 * (validated on every answer). Shared by the client and the simulator.
 *
 * @module
 */
import { z } from 'zod';
import { isValidLuhn } from './internal/luhn.js';

/** Options of {@link iccidSchema}. */
export interface IccidRules {
  /**
   * Require a valid Luhn check digit. Default true. Set false for SIM vendors whose ICCIDs omit
   * or miscompute the check digit.
   */
  checkDigit?: boolean;
}

function buildIccidSchema(checkDigit: boolean) {
  return z
    .string({ error: 'ICCID is required (a string of 19-20 digits)' })
    .regex(/^\d+$/, 'ICCID must contain digits only')
    .min(19, 'ICCID must be 19 or 20 digits long')
    .max(20, 'ICCID must be 19 or 20 digits long')
    .refine(
      (v) => !checkDigit || isValidLuhn(v),
      'ICCID check digit is wrong (Luhn); correct the ICCID, or pass iccidCheckDigit: false if your SIM vendor omits it',
    );
}

// Built once: constructing a zod schema costs far more than running it, and these run once per ICCID.
const ICCID_SCHEMAS = { checked: buildIccidSchema(true), unchecked: buildIccidSchema(false) };

/**
 * An ICCID: 19 or 20 digits; the last is a Luhn check digit unless `checkDigit: false`.
 * Returns one shared (immutable) schema per rule set, so calling it per row costs nothing.
 */
export function iccidSchema(rules: IccidRules = {}) {
  return (rules.checkDigit ?? true) ? ICCID_SCHEMAS.checked : ICCID_SCHEMAS.unchecked;
}

/** Endpoint name: 1-100 characters, not blank. */
export const endpointNameSchema = z
  .string({ error: 'name is required (1-100 characters)' })
  .min(1, 'name must not be empty')
  .max(100, 'name must be at most 100 characters')
  .refine((v) => v.trim().length > 0, 'name must not be blank');

/** Tag name: 1-100 characters; letters, digits, `-` and `_` only (the platform's Create Tag rule). */
export const tagNameSchema = z
  .string({ error: 'tag must be a string' })
  .min(1, 'tag must not be empty')
  .max(100, 'tag must be at most 100 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'tag may contain only letters, digits, "-" and "_"');

/** Tag description for Create Tag: at most 100 characters, same character rule as names plus spaces. */
export const tagDescriptionSchema = z
  .string()
  .max(100, 'tagDescription must be at most 100 characters')
  .regex(/^[A-Za-z0-9_\- ]*$/, 'tagDescription may contain only letters, digits, spaces, "-" and "_"');

/** `Response.resultParam`: the specific outcome of a call. */
export interface ResultParam {
  /** The specific result code (e.g. `'10149'`); top-level `Response.resultCode` is only "0"/"1". */
  resultCode: string;
  /** The platform's text for the code. */
  resultDescription?: string;
  /** Any other field the platform sends, kept verbatim. */
  [key: string]: unknown;
}

/** The body of SFT's documented answer envelope (`{ Response: … }`). */
export interface SftResponseBody {
  /** "0" success, "1" failure. */
  resultCode: string;
  /** The response transaction id (quote it to BICS support). */
  responseId?: string;
  /** When the platform answered, `dd/mm/yyyy hh:mm:ss`. */
  responseTimestamp?: string;
  /** The specific result code and its description. */
  resultParam?: ResultParam;
  /** Read APIs: the data (`rows[]` for lists). */
  responseParam?: unknown;
  /** API-specific fields (`endPointId`, `tagId`, `info`, …), kept verbatim. */
  [key: string]: unknown;
}

/** A decoded answer envelope. */
export interface ResponseEnvelope {
  /** The answer. */
  Response: SftResponseBody;
}

/** Login / RefreshToken answer: flat, capitalised keys, no `Response` wrapper. */
export interface WireTokens {
  /** The short-lived access token (a JWT), sent as `X-Authorization: Bearer …`. */
  AccessToken: string;
  /** The long-lived refresh token (a JWT), sent to `GET /api/RefreshToken`. */
  RefreshToken: string;
}

/** The eSIM activation data of a `fetchSIM` row (keys as claimed by a working client; *unverified*). */
export interface WireActivationCode {
  /** The LPA string encoded in the QR code (`LPA:1$<smdp>$<matchingId>`). */
  textQrCode?: string;
  /** The SM-DP+ address (the platform's spelling, `Adress`). */
  smDpPlusAdress?: string;
  /** The matching id of the eSIM profile. */
  matchingId?: string;
  /** Any other field, kept verbatim. */
  [key: string]: unknown;
}

/** One `fetchSIM` row (`Response.responseParam.rows[]`). Keys as observed in working clients. */
export interface SimRow {
  /** The SIM's ICCID. */
  iccid: string;
  /** The linked endpoint's id; `"-"` when the SIM is not attached to an endpoint. */
  endPointId?: string;
  /** `"Ready To Activate"`, `"Pre-Active"`, `"Active"` or `"Suspended"`. */
  simStatus?: string;
  /** `"ATTACHED"` / `"NOT ATTACHED"`. */
  simAttachStatus?: string;
  /** The SIM product, e.g. `"IPP Consumer eUICC LPWAN"`. */
  simProduct?: string;
  /** The eUICC id. */
  eid?: string;
  /** eSIM activation data. */
  activationCode?: WireActivationCode;
  /** Any other field, kept verbatim. */
  [key: string]: unknown;
}

/**
 * One `GetEndPoints` row. *Unverified*: the row fields are not in the known BICS docs; these keys
 * follow the casing seen elsewhere in SFT answers (`endPointId`, `name`, `iccid`) plus a status
 * string using the portal's state names.
 */
export interface EndpointRow {
  /** The endpoint id. */
  endPointId: string;
  /** The endpoint name. */
  name?: string;
  /** The linked SIM's ICCID. */
  iccid?: string;
  /** `"Pre-Active"`, `"Active"`, `"Suspended"` or `"Hold"` (*unverified*). */
  endPointStatus?: string;
  /** Any other field, kept verbatim. */
  [key: string]: unknown;
}

/** A list answer's `responseParam`: `{ rows: [...] }` (total-count fields are unknown). */
export interface WireRows<T> {
  /** The rows of this page. */
  rows: T[];
  /** Any other field, kept verbatim. */
  [key: string]: unknown;
}

/** Validates `Response.resultParam`. */
export const resultParamSchema: z.ZodType<ResultParam> = z
  .object({
    resultCode: z.coerce.string(),
    resultDescription: z.string().optional(),
  })
  .loose();

/**
 * Validates the documented answer envelope: `{ Response: { resultCode, responseId, responseTimestamp,
 * resultParam, …API-specific fields } }`. Top-level `resultCode` is "0" (success) or "1" (failure).
 */
export const responseEnvelopeSchema: z.ZodType<ResponseEnvelope> = z.object({
  Response: z
    .object({
      resultCode: z.coerce.string(),
      responseId: z.coerce.string().optional(),
      responseTimestamp: z.string().optional(),
      resultParam: resultParamSchema.optional(),
      responseParam: z.unknown().optional(),
    })
    .loose(),
});

/** Validates a Login / RefreshToken answer. */
export const tokenPairSchema: z.ZodType<WireTokens> = z.object({
  AccessToken: z.string().min(1),
  RefreshToken: z.string().min(1),
});

/** Validates one `fetchSIM` row. */
export const simRowSchema: z.ZodType<SimRow> = z
  .object({
    iccid: z.coerce.string(),
    endPointId: z.coerce.string().optional(),
    simStatus: z.string().optional(),
    simAttachStatus: z.string().optional(),
    simProduct: z.string().optional(),
    eid: z.string().optional(),
    activationCode: z
      .object({
        textQrCode: z.string().optional(),
        smDpPlusAdress: z.string().optional(),
        matchingId: z.string().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

/** Validates one `GetEndPoints` row (*unverified* fields, see {@link EndpointRow}). */
export const endpointRowSchema: z.ZodType<EndpointRow> = z
  .object({
    endPointId: z.coerce.string(),
    name: z.string().optional(),
    iccid: z.coerce.string().optional(),
    endPointStatus: z.string().optional(),
  })
  .loose();

/** Validates a list answer's `responseParam` (`{ rows: [...] }`), each row with `row`. */
export function rowsSchema<T>(row: z.ZodType<T>): z.ZodType<WireRows<T>> {
  return z.object({ rows: z.array(row).default([]) }).loose() as z.ZodType<WireRows<T>>;
}
