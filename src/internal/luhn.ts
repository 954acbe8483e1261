/**
 * Luhn (mod 10) arithmetic, as used by the ICCID check digit (ITU-T E.118).
 * Pure functions; `digits` must contain only 0-9.
 */

/** The check digit (0-9) that makes `payload + digit` pass the Luhn check. */
export function luhnCheckDigit(payload: string): number {
  let sum = 0;
  // Walk right to left; the rightmost payload digit is doubled because the check digit will follow it.
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = payload.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** Whether `digits` (payload followed by its check digit) passes the Luhn check. */
export function isValidLuhn(digits: string): boolean {
  if (digits.length < 2) return false;
  return luhnCheckDigit(digits.slice(0, -1)) === digits.charCodeAt(digits.length - 1) - 48;
}
