/**
 * Reads the `provision` input: a CSV file with a header line, streamed (memory does not grow with the
 * file). Column `iccid` is required; `name` (default: the ICCID) and `tags` (`;`-separated) are
 * optional; other columns are ignored. Rows are not validated here: the bulk engine validates every
 * row and reports the bad ones, and the CLI maps them back to CSV line numbers.
 *
 * @module
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { CreateEndpointInput } from '../types.js';
import { CliUsageError } from './exit-codes.js';

/** One data row of the CSV, with its line number in the file (the header is line 1). */
export interface CsvRow {
  /** The 1-based line of the file where the row ends (what an editor shows). */
  line: number;
  /** The create input built from the row. */
  input: CreateEndpointInput;
}

/** Builds a create input from one CSV record (column names lower-cased). Pure. */
export function csvRecordToInput(
  record: Record<string, string | undefined>,
  extraTags: readonly string[] = [],
) {
  const iccid = (record.iccid ?? '').replace(/\s+/g, '');
  const name = record.name?.trim() || iccid;
  const tags = [...splitTags(record.tags), ...extraTags];
  const input: CreateEndpointInput = { iccid, name };
  if (tags.length > 0) input.tags = [...new Set(tags)];
  return input;
}

/** Splits a `tags` cell on `;`, trimming and dropping empty parts. */
export function splitTags(cell: string | undefined): string[] {
  if (!cell) return [];
  return cell
    .split(';')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

/**
 * Streams the rows of a CSV file. Throws {@link CliUsageError} when the file cannot be read, has no
 * `iccid` column, or is not valid CSV (naming the line).
 */
export async function* readCsvRows(path: string, extraTags: readonly string[] = []): AsyncGenerator<CsvRow> {
  for await (const { record, line } of parseCsv(path)) {
    yield { line, input: csvRecordToInput(record, extraTags) };
  }
}

/** Counts the data rows of a CSV file (a fast first pass, for the progress total). */
export async function countCsvRows(path: string): Promise<number> {
  let count = 0;
  for await (const _ of parseCsv(path)) count++;
  return count;
}

async function* parseCsv(path: string): AsyncGenerator<{ record: Record<string, string>; line: number }> {
  const parser = parse({
    bom: true,
    columns: (header: string[]) => {
      const columns = header.map((h) => h.trim().toLowerCase());
      if (!columns.includes('iccid')) {
        throw new CliUsageError(
          `${path}: the header line must have an "iccid" column (found: ${columns.join(', ') || 'nothing'}).`,
        );
      }
      return columns;
    },
    info: true,
    skip_empty_lines: true,
    relax_column_count: true,
  });
  const input = createReadStream(path);
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  try {
    for await (const chunk of parser as AsyncIterable<{
      record: Record<string, string>;
      info: { lines: number };
    }>) {
      yield { record: chunk.record, line: chunk.info.lines };
    }
  } catch (error) {
    throw asUsageError(path, error);
  } finally {
    input.destroy();
  }
}

function asUsageError(path: string, error: unknown): Error {
  if (error instanceof CliUsageError) return error;
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return new CliUsageError(`${path}: no such file.`);
  if (code === 'EACCES') return new CliUsageError(`${path}: permission denied.`);
  if (code === 'EISDIR') return new CliUsageError(`${path}: is a directory, not a CSV file.`);
  const lines = (error as { lines?: number }).lines;
  const where = lines === undefined ? '' : ` (line ${lines})`;
  const message = error instanceof Error ? error.message : String(error);
  return new CliUsageError(`${path}: not a valid CSV file${where}: ${message}`);
}
