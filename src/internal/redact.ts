/**
 * Redaction of secrets (password, access and refresh tokens) from log lines and error messages.
 * Internal: not part of the public API.
 *
 * Two layers: exact secrets registered at runtime (the password, every token the client holds) are
 * replaced wherever they appear; and anything shaped like a bearer header or a JWT, or stored under a
 * secret-sounding key, is replaced even if it was never registered.
 */

/** What replaces a secret. */
export const REDACTED = '[REDACTED]';

/** How many rotating secrets (tokens) a {@link Redactor} remembers; older ones are long expired. */
export const MAX_ROTATING_SECRETS = 32;

const BEARER = /Bearer\s+[^\s"',;]+/gi;
const JWT_LIKE = /\beyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;
const SECRET_KEY = /pass(word)?|token|secret|authori[sz]ation|cookie/i;

/** Replaces secrets in text and in structured values. Safe to share between a logger and a transport. */
export class Redactor {
  readonly #secrets = new Set<string>();
  readonly #rotating = new Set<string>();

  /**
   * Registers an exact secret to hide from now on (ignored when shorter than 4 characters). Mark
   * tokens `rotating`: only the latest 32 are kept, so a long-running
   * client's list (walked on every log line) does not grow with every refresh.
   */
  addSecret(secret: string | undefined, options: { rotating?: boolean } = {}): void {
    if (!secret || secret.length < 4) return;
    if (!options.rotating) {
      this.#secrets.add(secret);
      return;
    }
    this.#rotating.delete(secret);
    this.#rotating.add(secret);
    while (this.#rotating.size > MAX_ROTATING_SECRETS) {
      this.#rotating.delete(this.#rotating.values().next().value as string);
    }
  }

  /** `text` with every registered secret, bearer header and JWT-looking string replaced. */
  redactText(text: string): string {
    let out = text;
    for (const secrets of [this.#secrets, this.#rotating]) {
      for (const secret of secrets) {
        if (out.includes(secret)) out = out.split(secret).join(REDACTED);
      }
    }
    return out.replace(BEARER, `Bearer ${REDACTED}`).replace(JWT_LIKE, REDACTED);
  }

  /**
   * `error` itself when neither it nor its causes mention a secret; otherwise a copy (name, `code`,
   * causes, aggregated `errors`) with the secrets replaced in messages and stacks. Used for the
   * `cause` of SDK errors: a `fetch` failure may quote a header value or URL.
   */
  redactError(error: unknown, depth = 0): unknown {
    if (!(error instanceof Error) || depth > 5) return error;
    const message = this.redactText(error.message);
    const cause = this.redactError(error.cause, depth + 1);
    const inner = (error as { errors?: unknown }).errors;
    const errors = Array.isArray(inner) ? inner.map((e) => this.redactError(e, depth + 1)) : undefined;
    const stack = error.stack === undefined ? undefined : this.redactText(error.stack);
    const clean =
      message === error.message &&
      cause === error.cause &&
      stack === error.stack &&
      (errors === undefined || errors.every((e, i) => e === (inner as unknown[])[i]));
    if (clean) return error;
    const copy = new Error(message, error.cause === undefined ? undefined : { cause });
    copy.name = error.name;
    if (stack !== undefined) copy.stack = stack;
    const code = (error as { code?: unknown }).code;
    if (code !== undefined) Object.assign(copy, { code });
    if (errors !== undefined) Object.assign(copy, { errors });
    return copy;
  }

  /** A deep copy of `value` with secret-keyed fields and secret text replaced. */
  redactValue(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return this.redactText(value);
    if (value === null || typeof value !== 'object' || depth > 8) return value;
    if (value instanceof Error) return this.redactText(`${value.name}: ${value.message}`);
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) && v !== undefined ? REDACTED : this.redactValue(v, depth + 1);
    }
    return out;
  }
}
