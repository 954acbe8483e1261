/**
 * Checks bulk rows before anything is sent: each row against the Create Endpoint rules, plus
 * duplicate ICCIDs within the input. Bad rows become `failed` results naming their row index.
 *
 * @module
 */
import { validateCreateEndpointInput } from '../api/endpoints.js';
import { SftValidationError, type SftValidationIssue } from '../errors.js';
import type { CreateEndpointInput } from '../types.js';

/** A row that passed validation, with the run's tags merged into its own. */
export interface ValidRow {
  /** The row's 0-based index in the input. */
  index: number;
  /** The row as given. */
  input: CreateEndpointInput;
  /** Row tags followed by the run's tags, without duplicates. */
  tags: string[];
}

/** The verdict on one row. */
export type RowVerdict =
  | { ok: true; row: ValidRow }
  | { ok: false; index: number; input: unknown; error: SftValidationError };

/** Options of {@link createRowValidator}. */
export interface RowValidatorOptions {
  /** Require a valid Luhn check digit on ICCIDs. Default true. */
  checkDigit?: boolean;
  /** Tags of the run, added to every row (already validated by the caller). */
  runTags?: readonly string[];
}

/**
 * A stateful validator for one run: call `check` on the rows in input order. The first valid row
 * with an ICCID wins; later rows with the same ICCID fail as duplicates (memory: one map entry per
 * valid row, about 100 bytes).
 */
export interface RowValidator {
  /** Checks row number `index`. */
  check(input: unknown, index: number): RowVerdict;
}

/** Creates a {@link RowValidator}. */
export function createRowValidator(options: RowValidatorOptions = {}): RowValidator {
  const checkDigit = options.checkDigit ?? true;
  const runTags = options.runTags ?? [];
  const firstRowOf = new Map<string, number>();
  return {
    check(input, index) {
      try {
        validateCreateEndpointInput(input as CreateEndpointInput, { checkDigit });
      } catch (error) {
        if (!(error instanceof SftValidationError)) throw error;
        return { ok: false, index, input, error: atRow(error.issues, index) };
      }
      const row = input as CreateEndpointInput;
      const earlier = firstRowOf.get(row.iccid);
      if (earlier !== undefined) {
        return {
          ok: false,
          index,
          input,
          error: atRow(
            [{ field: 'iccid', message: `duplicate ICCID: row ${earlier} has the same ICCID` }],
            index,
          ),
        };
      }
      firstRowOf.set(row.iccid, index);
      return { ok: true, row: { index, input: row, tags: [...new Set([...(row.tags ?? []), ...runTags])] } };
    },
  };
}

function atRow(issues: readonly SftValidationIssue[], row: number): SftValidationError {
  return new SftValidationError(
    issues.map((issue) => ({ ...issue, row })),
    { operation: 'createBulkEndpoints' },
  );
}
