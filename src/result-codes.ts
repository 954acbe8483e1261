/**
 * The SFT result codes the SDK knows, in one place, with where each comes from. There is no complete
 * catalogue in the known BICS docs; codes tagged `'observed'` or `'claimed'` are *unverified*.
 *
 * @module
 */

/** Where a result code is known from: BICS docs, a BICS summary page, working clients, or a client's comment. */
export type ResultCodeSource = 'documented' | 'summary-page' | 'observed' | 'claimed';

/** A known result code of `Response.resultParam.resultCode`. */
export interface KnownResultCode {
  /** The code, as the string SFT sends. */
  code: string;
  /** What it means. */
  meaning: string;
  /** Where it is known from. */
  source: ResultCodeSource;
}

/** The result codes of `Response.resultParam.resultCode` known to the SDK, by meaning. */
export interface SftResultCodes {
  /** Username or password invalid. */
  readonly badCredentials: KnownResultCode;
  /** "Incorrect value in …" (the rest of the doc text is cut off). */
  readonly incorrectValue: KnownResultCode;
  /** Account blocked after repeated failed logins. */
  readonly accountLocked: KnownResultCode;
  /** Create Tag succeeded. */
  readonly tagCreated: KnownResultCode;
  /** Operation failed; verify whether it completed. */
  readonly failedVerifyCompletion: KnownResultCode;
  /** Operation timed out on the platform; it may still complete: verify with a read. */
  readonly timedOutVerifyCompletion: KnownResultCode;
  /** No data available. */
  readonly noData: KnownResultCode;
  /** Access token expired (sent with top-level resultCode "1"). */
  readonly tokenExpired: KnownResultCode;
  /** Delete Endpoint succeeded. */
  readonly endpointDeleted: KnownResultCode;
  /** Endpoint activated. */
  readonly endpointActivated: KnownResultCode;
  /** Endpoint already active (a benign failure). */
  readonly endpointAlreadyActive: KnownResultCode;
}

/** Result codes of `Response.resultParam.resultCode` known to the SDK. */
export const SFT_RESULT_CODES: Readonly<SftResultCodes> = Object.freeze<SftResultCodes>({
  /** Username or password invalid. */
  badCredentials: { code: '10126', meaning: 'bad credentials', source: 'documented' },
  /** "Incorrect value in …" (the rest of the doc text is cut off). */
  incorrectValue: { code: '10117', meaning: 'incorrect value', source: 'documented' },
  /** Account blocked after repeated failed logins. */
  accountLocked: { code: '11044', meaning: 'account locked', source: 'documented' },
  /** Create Tag succeeded. */
  tagCreated: { code: '10149', meaning: 'tag created', source: 'documented' },
  /** Operation failed; verify whether it completed. */
  failedVerifyCompletion: {
    code: '10239',
    meaning: 'operation failed, verify completion',
    source: 'summary-page',
  },
  /** Operation timed out on the platform; it may still complete: verify with a read. */
  timedOutVerifyCompletion: {
    code: '10240',
    meaning: 'operation timed out, verify completion',
    source: 'summary-page',
  },
  /** No data available. */
  noData: { code: '1359', meaning: 'no data available', source: 'summary-page' },
  /** Access token expired (sent with top-level resultCode "1"). */
  tokenExpired: { code: '401', meaning: 'access token expired', source: 'observed' },
  /** Delete Endpoint succeeded. */
  endpointDeleted: { code: '10159', meaning: 'endpoint deleted', source: 'observed' },
  /** Endpoint activated. */
  endpointActivated: { code: '5014', meaning: 'endpoint activated', source: 'claimed' },
  /** Endpoint already active (a benign failure). */
  endpointAlreadyActive: { code: '2507', meaning: 'endpoint already active', source: 'claimed' },
});

/**
 * The description SFT gives when an account may not call an API (a Reseller calling an
 * Enterprise-only endpoint API). Documented as a message; its result code is unknown, so the SDK
 * recognises it by this text (case-insensitive, either spelling). *Unverified.*
 */
export const AUTHORISATION_FAILURE_PATTERN = /authori[sz]ation failure/i;
