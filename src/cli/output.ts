/**
 * How the CLI writes results: JSON on stdout for `--json` (one value, nothing else on stdout), aligned
 * text tables for people. Diagnostics and progress go to stderr.
 *
 * @module
 */

/** Writes one JSON value and a newline to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Formats rows as an aligned text table with a header line. Pure. */
export function formatTable(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const cells = [header, ...rows].map((row) =>
    row.map((cell) => (cell === undefined || cell === null ? '' : String(cell))),
  );
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]?.length ?? 0)));
  return cells
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Writes a line to stdout. */
export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** Writes a line to stderr (diagnostics, hints, progress). */
export function printNote(text: string): void {
  process.stderr.write(`${text}\n`);
}
