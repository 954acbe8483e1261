/**
 * The SDK's logging: a console-like sink, a minimum level, and redaction of every line.
 *
 * @module
 */
import type { Redactor } from './redact.js';

/** Log levels, from most to least verbose. `'silent'` logs nothing. */
export type SftLogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/**
 * Where the SDK writes log lines: any console-like object (`console`, pino, winston…). Each method
 * receives a message and, optionally, an object of structured fields. Missing methods are skipped.
 */
export interface SftLogger {
  /** Every request and answer (method, path, redacted body), token refreshes. */
  debug?(message: string, fields?: Record<string, unknown>): void;
  /** Retries and their waits. */
  info?(message: string, fields?: Record<string, unknown>): void;
  /** Rate limiting (429), failed refreshes, answers lacking expected fields. */
  warn?(message: string, fields?: Record<string, unknown>): void;
  /** Failures the SDK reports but does not throw. */
  error?(message: string, fields?: Record<string, unknown>): void;
}

/** The logger the SDK uses internally: every method present, every line already redacted. */
export interface SftLog {
  /** Writes a debug line (redacted) when the level allows it. */
  debug(message: string, fields?: Record<string, unknown>): void;
  /** Writes an info line (redacted) when the level allows it. */
  info(message: string, fields?: Record<string, unknown>): void;
  /** Writes a warning (redacted) when the level allows it. */
  warn(message: string, fields?: Record<string, unknown>): void;
  /** Writes an error line (redacted) when the level allows it. */
  error(message: string, fields?: Record<string, unknown>): void;
}

const RANK: Record<SftLogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Wraps `sink` so that only lines at `level` or above are written, each redacted by `redactor`. */
export function createLog(sink: SftLogger | undefined, level: SftLogLevel, redactor: Redactor): SftLog {
  const write =
    (lineLevel: Exclude<SftLogLevel, 'silent'>) => (message: string, fields?: Record<string, unknown>) => {
      const method = sink?.[lineLevel];
      if (!method || RANK[lineLevel] < RANK[level]) return;
      const text = redactor.redactText(message);
      if (fields === undefined) method.call(sink, text);
      else method.call(sink, text, redactor.redactValue(fields) as Record<string, unknown>);
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
