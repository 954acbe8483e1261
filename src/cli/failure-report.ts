/**
 * The bad-rows report of `provision`: a CSV file naming each failed row's line in the input file, its
 * ICCID and name, and the reason — written as rows fail, so it is complete even after Ctrl-C.
 *
 * @module
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { describeError } from './describe-error.js';

/** One failed row. */
export interface FailedRow {
  /** The row's line in the input file (the header is line 1). */
  line: number;
  iccid: string;
  name: string;
  /** Why it failed, in words (the platform's result code and description, or the rule broken). */
  reason: string;
}

/** The default report path for an input file: `batch.csv` → `batch.failed.csv`, beside it. */
export function defaultReportPath(inputPath: string): string {
  const ext = extname(inputPath);
  return join(dirname(inputPath), `${basename(inputPath, ext)}.failed.csv`);
}

/** The reason of a failed bulk result, as one line: validation issues, or the error's message. */
export function failureReason(error: unknown): string {
  const issues = (error as { issues?: { field: string; message: string }[] } | undefined)?.issues;
  if (Array.isArray(issues) && issues.length > 0)
    return issues.map((i) => `${i.field}: ${i.message}`).join('; ');
  if (error === undefined) return 'failed (no reason given)';
  return describeError(error);
}

/** Quotes one CSV cell when needed. Pure. */
export function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes failed rows to a CSV file, opened on the first failure. */
export class FailureReport {
  readonly path: string;
  /** The failures kept for printing (the first `keep`). */
  readonly shown: FailedRow[] = [];
  count = 0;
  private stream: WriteStream | undefined;

  constructor(
    path: string,
    private readonly keep = 20,
  ) {
    this.path = path;
  }

  /** Records one failed row. */
  add(row: FailedRow): void {
    this.count++;
    if (this.shown.length < this.keep) this.shown.push(row);
    if (this.stream === undefined) {
      this.stream = createWriteStream(this.path);
      this.stream.write('line,iccid,name,reason\n');
    }
    this.stream.write(`${[row.line, row.iccid, row.name, row.reason].map(csvCell).join(',')}\n`);
  }

  /** Flushes the file; removes a stale report of an earlier run when this run had no failure. */
  async close(removeStale: boolean): Promise<void> {
    const stream = this.stream;
    if (stream !== undefined) {
      await new Promise<void>((resolve, reject) =>
        stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
    } else if (removeStale) {
      await rm(this.path, { force: true });
    }
  }
}
