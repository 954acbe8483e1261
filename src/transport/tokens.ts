/**
 * The access-token lifecycle: log in, refresh ahead of expiry, refresh (or log in again) when the
 * platform rejects a token, and do each of these at most once at a time however many calls wait.
 *
 * @module
 */
import type { SftLog } from '../internal/logger.js';
import { jwtExpiryMs } from './jwt.js';

/** An access/refresh token pair, with the access token's expiry when its JWT carries `exp`. */
export interface TokenSet {
  /** Sent as `X-Authorization: Bearer …` on every call. */
  accessToken: string;
  /** Sent to `GET /api/RefreshToken` to obtain a new pair. */
  refreshToken: string;
  /** When the access token expires (epoch ms), if known. */
  accessExpiresAt?: number;
  /** When the refresh token expires (epoch ms), if known. */
  refreshExpiresAt?: number;
}

/** A token pair as SFT sends it (capitalised keys). */
export interface WireTokenPair {
  /** The short-lived access token (a JWT). */
  AccessToken: string;
  /** The longer-lived refresh token (a JWT). */
  RefreshToken: string;
}

/** How the token manager reaches the platform (implemented by the transport). */
export interface TokenSource {
  /** `POST /api/login` with the client's credentials. */
  login(): Promise<WireTokenPair>;
  /** `GET /api/RefreshToken` with `refreshToken` as the bearer. */
  refresh(refreshToken: string): Promise<WireTokenPair>;
}

/** Counters, for tests and diagnostics. */
export interface TokenStats {
  /** Logins performed. */
  logins: number;
  /** Successful refreshes performed. */
  refreshes: number;
}

/**
 * Holds the client's tokens. Concurrent callers share one login/refresh in flight (single-flight).
 */
export class TokenManager {
  readonly #source: TokenSource;
  readonly #skewMs: number;
  readonly #now: () => number;
  readonly #log: SftLog;
  readonly #onToken: (token: string) => void;
  #current: TokenSet | undefined;
  #inflight: Promise<TokenSet> | undefined;
  /** How many logins and refreshes this manager performed. */
  readonly stats: TokenStats = { logins: 0, refreshes: 0 };

  /**
   * @param skewMs Refresh this long before the access token's `exp` (default 30 s).
   * @param onToken Called with every new token (the client registers them for redaction).
   */
  constructor(
    source: TokenSource,
    log: SftLog,
    onToken: (token: string) => void,
    skewMs = 30_000,
    now: () => number = Date.now,
  ) {
    this.#source = source;
    this.#log = log;
    this.#onToken = onToken;
    this.#skewMs = skewMs;
    this.#now = now;
  }

  /** A usable access token: the current one, or a fresh one when none is held or it expires soon. */
  async accessToken(): Promise<string> {
    if (this.#inflight) return (await this.#inflight).accessToken;
    const current = this.#current;
    if (current && !this.#expiresSoon(current.accessExpiresAt)) return current.accessToken;
    return (await this.#renew()).accessToken;
  }

  /**
   * The platform rejected `rejected` as expired: returns a newer token. When another caller already
   * replaced it, that token is returned without contacting the platform again.
   */
  async renewAfterRejection(rejected: string): Promise<string> {
    if (this.#inflight) return (await this.#inflight).accessToken;
    if (this.#current && this.#current.accessToken !== rejected) return this.#current.accessToken;
    return (await this.#renew(true)).accessToken;
  }

  /** Forgets the tokens (the next call logs in again). */
  clear(): void {
    this.#current = undefined;
  }

  #expiresSoon(expiresAt: number | undefined): boolean {
    return expiresAt !== undefined && this.#now() >= expiresAt - this.#skewMs;
  }

  #renew(rejected = false): Promise<TokenSet> {
    if (!this.#inflight) {
      this.#inflight = this.#obtain(rejected).finally(() => {
        this.#inflight = undefined;
      });
    }
    return this.#inflight;
  }

  async #obtain(rejected: boolean): Promise<TokenSet> {
    const current = this.#current;
    if (current && !this.#expiresSoon(current.refreshExpiresAt)) {
      try {
        this.#log.debug(
          rejected ? 'access token rejected as expired; refreshing' : 'refreshing access token',
        );
        const pair = await this.#source.refresh(current.refreshToken);
        this.stats.refreshes++;
        return this.#store(pair);
      } catch (error) {
        this.#log.warn('token refresh failed; logging in again', { error });
      }
    }
    this.#log.debug('logging in');
    const pair = await this.#source.login();
    this.stats.logins++;
    return this.#store(pair);
  }

  #store(pair: WireTokenPair): TokenSet {
    this.#onToken(pair.AccessToken);
    this.#onToken(pair.RefreshToken);
    const set: TokenSet = { accessToken: pair.AccessToken, refreshToken: pair.RefreshToken };
    const accessExp = jwtExpiryMs(pair.AccessToken);
    const refreshExp = jwtExpiryMs(pair.RefreshToken);
    // A token that is already (nearly) expired on arrival means our clock disagrees with the platform's:
    // use it anyway and let the platform say when it expires, rather than refreshing before every call.
    if (accessExp !== undefined && !this.#expiresSoon(accessExp)) set.accessExpiresAt = accessExp;
    if (refreshExp !== undefined) set.refreshExpiresAt = refreshExp;
    this.#current = set;
    return set;
  }
}
