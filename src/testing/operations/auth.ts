/**
 * Simulated `POST /api/login` and `GET /api/RefreshToken`. Both answer the flat
 * `{ AccessToken, RefreshToken }` pair (no `Response` wrapper), as documented.
 *
 * @module
 */
import { SIMULATED_RESULT_CODES as CODES } from '../codes.js';
import type { SimulatorSettings } from '../settings.js';
import type { PlatformState, SimulatedAccount } from '../state.js';
import type { TokenIssuer } from '../tokens.js';
import { asRecord, fail, type OperationOutcome, readText } from '../wire.js';
import { incorrect } from './context.js';

/** What login and refresh need. */
export interface AuthContext {
  state: PlatformState;
  settings: SimulatorSettings;
  tokens: TokenIssuer;
  nowMs: number;
}

/** The account a login body names (by username), for rate limiting before the password is checked. */
export function loginAccount(state: PlatformState, body: unknown): SimulatedAccount | undefined {
  const username = readText(asRecord(body)?.username);
  return state.accounts.find((a) => a.username === username);
}

/** Issues an access/refresh pair acting for `accountId`. */
export function issuePair(ctx: AuthContext, accountId: string, username: string): OperationOutcome {
  const { tokens, nowMs, settings } = ctx;
  return {
    success: true,
    result: CODES.success,
    flatBody: {
      AccessToken: tokens.issue('access', accountId, username, nowMs, settings.accessTokenTtlSeconds),
      RefreshToken: tokens.issue('refresh', accountId, username, nowMs, settings.refreshTokenTtlSeconds),
    },
  };
}

/**
 * Login with `{ username, password, targetAccountId? }`. `targetAccountId` is reseller "Support
 * Access": a Reseller user gets tokens acting for a child (Enterprise) account.
 */
export function login(ctx: AuthContext, body: unknown): OperationOutcome {
  const record = asRecord(body);
  const username = readText(record?.username);
  const password = readText(record?.password);
  if (username === undefined) return incorrect('username', 'mandatory');
  if (password === undefined) return incorrect('password', 'mandatory');
  const account = ctx.state.accounts.find((a) => a.username === username);
  if (!account || account.password !== password) return fail(CODES.badCredentials);
  const targetAccountId = readText(record?.targetAccountId);
  if (targetAccountId === undefined) {
    ctx.state.counters.logins++;
    return issuePair(ctx, account.accountId, username);
  }
  if (account.tier !== 'reseller')
    return fail(CODES.authorisationFailure, 'targetAccountId is for Reseller accounts');
  const target = ctx.state.accounts.find((a) => a.accountId === targetAccountId && a.tier === 'enterprise');
  if (!target) return incorrect('targetAccountId', 'not a child account');
  ctx.state.counters.logins++;
  return issuePair(ctx, target.accountId, username);
}
