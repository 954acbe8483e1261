/**
 * Input validation before anything is sent: turns zod issues into {@link SftValidationError}s that
 * name the field and the rule.
 */
import type { z } from 'zod';
import { SftValidationError, type SftValidationIssue } from '../errors.js';

/** Issues of a zod parse, one per field (the first rule broken), with dotted names prefixed by `prefix`. */
export function issuesOf(error: z.ZodError, prefix?: string): SftValidationIssue[] {
  const byField = new Map<string, SftValidationIssue>();
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    const field = [prefix, path].filter((p) => p !== undefined && p !== '').join('.') || (prefix ?? 'input');
    if (!byField.has(field)) byField.set(field, { field, message: issue.message });
  }
  return [...byField.values()];
}

/** `value` parsed by `schema`, or a thrown {@link SftValidationError} naming `field`. */
export function validateField<T extends z.ZodType>(
  schema: T,
  value: unknown,
  field: string,
  operation?: string,
): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new SftValidationError(issuesOf(parsed.error, field), operation === undefined ? {} : { operation });
}

/** A non-empty id (endpoint id), or a thrown {@link SftValidationError}. */
export function requireId(value: unknown, field: string, operation: string): string {
  if (
    (typeof value === 'string' && value.trim() !== '') ||
    (typeof value === 'number' && Number.isFinite(value))
  ) {
    return String(value);
  }
  throw new SftValidationError([{ field, message: `${field} is required (a non-empty string)` }], {
    operation,
  });
}
