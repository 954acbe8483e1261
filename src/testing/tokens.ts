/**
 * JWT-shaped tokens (base64url header.payload.signature, `exp` in seconds) so that clients can read
 * the expiry and refresh ahead of it, as with the real platform's JWTs. Signed with HMAC-SHA256 and
 * a per-simulator secret; the simulator also remembers every token it issued.
 *
 * @module
 */
import { createHmac, randomBytes } from 'node:crypto';

/** Which of the pair a token is. */
export type TokenKind = 'access' | 'refresh';

/** What the simulator knows of a token it issued. */
export interface IssuedToken {
  kind: TokenKind;
  /** The account the token acts for (the target account for reseller support access). */
  accountId: string;
  /** The user who logged in. */
  username: string;
  /** Expiry, epoch seconds. */
  exp: number;
}

/** The result of checking a presented token. */
export type TokenCheck =
  | { ok: true; token: IssuedToken }
  | { ok: false; reason: 'missing' | 'invalid' | 'wrong-kind' | 'expired'; token?: IssuedToken };

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/** Issues and checks tokens against an injectable clock. */
export class TokenIssuer {
  readonly #secret = randomBytes(32);
  readonly #issued = new Map<string, IssuedToken>();
  #serial = 0;

  /** Issues a token valid for `ttlSeconds` from `nowMs`. */
  issue(kind: TokenKind, accountId: string, username: string, nowMs: number, ttlSeconds: number): string {
    const iat = Math.floor(nowMs / 1000);
    const info: IssuedToken = { kind, accountId, username, exp: iat + ttlSeconds };
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = base64url(
      JSON.stringify({
        sub: username,
        acc: accountId,
        typ: kind,
        iat,
        exp: info.exp,
        jti: `${++this.#serial}`,
      }),
    );
    const signature = createHmac('sha256', this.#secret).update(`${header}.${payload}`).digest('base64url');
    const token = `${header}.${payload}.${signature}`;
    this.#issued.set(token, info);
    return token;
  }

  /** Checks a presented token: known, of the expected kind, not expired at `nowMs`. */
  check(token: string | undefined, kind: TokenKind, nowMs: number): TokenCheck {
    if (!token) return { ok: false, reason: 'missing' };
    const info = this.#issued.get(token);
    if (!info) return { ok: false, reason: 'invalid' };
    if (info.kind !== kind) return { ok: false, reason: 'wrong-kind', token: info };
    if (nowMs / 1000 >= info.exp) return { ok: false, reason: 'expired', token: info };
    return { ok: true, token: info };
  }

  /** Makes every issued token of `kind` (or of both kinds) expired from now on. */
  expireAll(kind?: TokenKind): void {
    for (const info of this.#issued.values()) if (kind === undefined || info.kind === kind) info.exp = 0;
  }

  /** Forgets every issued token (they all become invalid). */
  revokeAll(): void {
    this.#issued.clear();
  }
}

/** Reads the token from an `X-Authorization: Bearer <token>` header value. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}
