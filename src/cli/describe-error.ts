/**
 * Turns any error into the one line the CLI prints: what went wrong and, where the SDK knows it, what
 * to do next. `--verbose` adds the error's fields and causes. Secrets never reach the output: every
 * line goes through {@link redact}.
 *
 * @module
 */

/** Values that must never be printed (passwords, tokens); set once from the CLI's configuration. */
const secrets = new Set<string>();

/** Registers a value (a password, a token) that {@link redact} will mask wherever it appears. */
export function registerSecret(value: string | undefined): void {
  if (value !== undefined && value.length >= 3) secrets.add(value);
}

/**
 * Masks registered secrets, passwords in URLs (`postgres://user:pw@host`) and bearer tokens / JWTs.
 * Applied to everything the CLI prints about an error.
 */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out
    .replace(/(\w+:\/\/[^:/@\s]*):[^@/\s]*@/g, '$1:***@')
    .replace(/(Bearer\s+)[\w.~+/=-]+/gi, '$1***')
    .replace(/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, '***');
}

/** The fields of SDK errors worth showing with `--verbose`, in this order. */
const DETAIL_FIELDS = [
  'operation',
  'outcome',
  'resultCode',
  'resultDescription',
  'responseId',
  'httpStatus',
  'reason',
  'code',
  'tps',
  'retryAfterMs',
  'method',
  'timeoutMs',
  'source',
] as const;

/** One readable line for `error`: `Name: message`, redacted, without stack. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return redact(`Error: ${String(error)}`);
  const message = error.message.split('\n')[0] ?? '';
  const prefix = error.name === 'Error' || error.name === 'CliUsageError' ? '' : `${error.name}: `;
  return redact(`${prefix}${message}`);
}

/**
 * The extra lines `--verbose` prints after {@link describeError}: the SDK error's fields (result code,
 * outcome, HTTP status…), validation issues, the chain of causes and the stack. Redacted.
 */
export function describeErrorDetail(error: unknown): string[] {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (depth > 0) lines.push(`caused by ${describeError(current)}`);
    const fields = current as unknown as Record<string, unknown>;
    for (const field of DETAIL_FIELDS) {
      const value = fields[field];
      if (value !== undefined && value !== null && typeof value !== 'object')
        lines.push(`  ${field}: ${value}`);
    }
    const issues = fields.issues;
    if (Array.isArray(issues)) {
      for (const issue of issues.slice(0, 20)) lines.push(`  issue: ${JSON.stringify(issue)}`);
    }
    if (current.stack) lines.push(...current.stack.split('\n').slice(1, 6));
    current = current.cause;
  }
  return lines.map(redact);
}
