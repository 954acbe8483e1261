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

/** An ICCID: 19 or 20 digits; the last is a Luhn check digit unless `checkDigit: false`. */
export function iccidSchema(rules: IccidRules = {}) {
  const checkDigit = rules.checkDigit ?? true;
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

/** `Response.resultParam`: the specific result code and its description. */
export const resultParamSchema = z
  .object({
    resultCode: z.coerce.string(),
    resultDescription: z.string().optional(),
  })
  .loose();

/**
 * The documented answer envelope: `{ Response: { resultCode, responseId, responseTimestamp,
 * resultParam, …API-specific fields } }`. Top-level `resultCode` is "0" (success) or "1" (failure).
 */
export const responseEnvelopeSchema = z.object({
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

/** A decoded answer envelope. */
export type ResponseEnvelope = z.infer<typeof responseEnvelopeSchema>;

/** Login / RefreshToken answer: flat, capitalised keys, no `Response` wrapper. */
export const tokenPairSchema = z.object({
  AccessToken: z.string().min(1),
  RefreshToken: z.string().min(1),
});

/** One `fetchSIM` row (`Response.responseParam.rows[]`). Keys as observed in working clients. */
export const simRowSchema = z
  .object({
    iccid: z.coerce.string(),
    /** `"-"` when the SIM is not attached to an endpoint. */
    endPointId: z.coerce.string().optional(),
    simStatus: z.string().optional(),
    /** `"ATTACHED"` / `"NOT ATTACHED"`. */
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

/** A decoded `fetchSIM` row. */
export type SimRow = z.infer<typeof simRowSchema>;

/**
 * One `GetEndPoints` row. *Unverified*: the row fields are not in the known BICS docs; these keys
 * follow the casing seen elsewhere in SFT answers (`endPointId`, `name`, `iccid`) plus a status
 * string using the portal's state names.
 */
export const endpointRowSchema = z
  .object({
    endPointId: z.coerce.string(),
    name: z.string().optional(),
    iccid: z.coerce.string().optional(),
    endPointStatus: z.string().optional(),
  })
  .loose();

/** A decoded `GetEndPoints` row. */
export type EndpointRow = z.infer<typeof endpointRowSchema>;

/** `responseParam` of list answers: `{ rows: [...] }` (total-count fields are unknown). */
export function rowsSchema<T extends z.ZodType>(row: T) {
  return z.object({ rows: z.array(row).default([]) }).loose();
}
