/**
 * `sft-endpoints report [--tag T] [--json]`: the inventory report from the store, one line per tag.
 *
 * @module
 */
import type { Command } from 'commander';
import { type InventoryReport, inventoryReport } from '../../inventory/report.js';
import type { CliConfig } from '../config.js';
import { withStore } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { formatTable, printJson, printLine } from '../output.js';
import type { ActionRunner } from '../run-action.js';

/** Flags of `report`. */
export interface ReportFlags {
  tag?: string;
}

/** Registers `report` on `program`. */
export function registerReport(program: Command, run: ActionRunner): void {
  program
    .command('report')
    .description(
      'print the inventory report from the store: per tag, endpoints available, claimed, active, suspended, failed',
    )
    .option('--tag <tag>', 'only this tag')
    .action(run(reportCommand));
}

/** Runs `report`. */
export async function reportCommand(config: CliConfig, flags: ReportFlags): Promise<number> {
  const report = await withStore(config, (store) =>
    inventoryReport(store, flags.tag === undefined ? {} : { tag: flags.tag }),
  );
  if (config.json) printJson(report);
  else printLine(formatReport(report));
  return ExitCode.ok;
}

/** The report as a text table. Pure. */
export function formatReport(report: InventoryReport): string {
  if (report.tags.length === 0) return 'The store holds no endpoints yet.';
  const rows = report.tags.map((t) => [
    t.tag ?? '(no tag)',
    t.available,
    t.claimed,
    t.active,
    t.suspended,
    t.pending,
    t.failed,
    t.hold + t.deleted,
    t.total,
  ]);
  return formatTable(
    ['TAG', 'AVAILABLE', 'CLAIMED', 'ACTIVE', 'SUSPENDED', 'PENDING', 'FAILED', 'OTHER', 'TOTAL'],
    rows,
  );
}
