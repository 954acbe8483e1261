/**
 * Reading a JWT's expiry without verifying it (the client only needs to know when to refresh; the
 * platform verifies the signature).
 *
 * @module
 */

/** The `exp` claim of `token` in epoch milliseconds, or `undefined` when it is not a JWT or has none. */
export function jwtExpiryMs(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (claims && typeof claims === 'object' && 'exp' in claims) {
      const exp = Number((claims as { exp: unknown }).exp);
      return Number.isFinite(exp) ? exp * 1000 : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
